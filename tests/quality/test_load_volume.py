"""The raw volume check judges a file against its cadence: a daily file (a month-end day too)
measures up against monthly ones (at least an average day, at most an average month); an empty
or truncated delivery still fails."""

from __future__ import annotations

import calendar
import json

import duckdb
import pytest

from orchestration.contract import load_contracts
from orchestration.ingestion.loader import ensure_raw_layer
from orchestration.quality.gx_runner import load_volume_sql, raw_suite_path, run_suite
from tests.quality.test_pending_loads import transactions_suite

ROWS_PER_DAY = 400  # of the monthly files below


def _volume_bounds() -> tuple[float, float]:
    document = json.loads(raw_suite_path("transactions").read_text(encoding="utf-8"))
    (kwargs,) = [
        expectation["kwargs"]
        for expectation in document["expectations"]
        if expectation["kwargs"].get("column") == "volume_ratio"
    ]
    return kwargs["min_value"], kwargs["max_value"]


def _ratio(files: list[tuple[str, int]]) -> float | None:
    """volume_ratio of the last of `files` (name, rows), landed in that order."""
    with duckdb.connect() as con:
        ensure_raw_layer(con, list(load_contracts().values()))
        for load_id, (name, rows) in enumerate(files, start=1):
            con.execute(
                "insert into raw._load_manifest values "
                "(?, 'transactions', ?, 'x', 1, ?, 'csv', 'utf-8', now())",
                [load_id, f"transactions/{name}", rows],
            )
        row = con.execute(load_volume_sql("transactions", 6, 3, 50, load_id=len(files)))
        return row.fetchone()[-1]


def _monthly_files() -> list[tuple[str, int]]:
    # a year of monthly files of ROWS_PER_DAY rows a day, so months differ in size
    return [
        (f"transactions_2025-{month:02d}.csv", ROWS_PER_DAY * calendar.monthrange(2025, month)[1])
        for month in range(1, 13)
    ]


@pytest.mark.parametrize(
    ("name", "rows", "passes"),
    [
        ("transactions_2026-01.csv", 31 * ROWS_PER_DAY, True),  # the next month
        ("transactions_2026-02.csv", 28 * ROWS_PER_DAY, True),  # a short month is not short
        ("transactions_2026-01-01.parquet", ROWS_PER_DAY, True),  # one day
        ("transactions_2025-12-31.csv", int(1.6 * ROWS_PER_DAY), True),  # a busy day
        # a month-end day: the bank's postings for every account, half of a month's rows
        ("transactions_2025-12-31.csv", 15 * ROWS_PER_DAY, True),
        ("transactions_2026-01-01.csv", 0, False),  # an empty daily file
        ("transactions_2026-01-01.csv", ROWS_PER_DAY // 10, False),  # a truncated day
        ("transactions_2026-01.csv", 3 * ROWS_PER_DAY, False),  # a month holding 3 days
        ("transactions_2026-01.csv", 31 * ROWS_PER_DAY * 5, False),  # a month delivered 5x
        ("transactions_2026-01-01.csv", 31 * ROWS_PER_DAY * 5, False),  # a day of 5 months
        ("transactions_export.csv", 0, False),  # an empty file without a date in its name
    ],
)
def test_a_file_is_judged_against_its_cadence(name, rows, passes):
    low, high = _volume_bounds()
    ratio = _ratio([*_monthly_files(), (name, rows)])
    assert ratio is not None
    assert (low <= ratio <= high) is passes, ratio


def test_daily_files_after_daily_files_and_too_little_history():
    days = [(f"transactions_2026-01-{day:02d}.csv", ROWS_PER_DAY) for day in range(1, 8)]
    low, high = _volume_bounds()
    assert low <= _ratio(days) <= high
    assert _ratio([*days, ("transactions_2026-01-08.csv", 0)]) == 0
    # under 3 earlier loads, or under 50 expected rows: not judged
    assert _ratio(days[:3]) is None
    assert _ratio([(name, 10) for name, _ in days]) is None


def test_a_month_end_daily_file_passes_the_raw_suite(raw_warehouse):
    """End to end on generated data: the last day of the data landed again as a daily file
    (new ids, the day after) passes every expectation of the raw suite, volume included."""
    path = raw_warehouse()
    with duckdb.connect(str(path)) as con:
        last_day = con.execute(
            "select max(substr(occurred_at, 1, 10)) from raw.transactions"
        ).fetchone()[0]
        name = f"transactions/transactions_{last_day}.csv"
        rows = con.execute(
            "select count(*) from raw.transactions where occurred_at like ?", [f"{last_day}%"]
        ).fetchone()[0]
        con.execute(
            "insert into raw._load_manifest values "
            "(9998, 'transactions', ?, 'x', 1, ?, 'csv', 'utf-8', now())",
            [name, rows],
        )
        con.execute(
            "insert into raw.transactions select * replace ("
            "'D' || transaction_id as transaction_id, ? as _source_file, 9998 as _load_id) "
            "from raw.transactions where occurred_at like ?",
            [name, f"{last_day}%"],
        )
        run = run_suite(transactions_suite(), con)
    assert rows > 0
    assert run.success, run.failures_markdown()
    assert 9998 in {load.load_id for load in run.loads}
