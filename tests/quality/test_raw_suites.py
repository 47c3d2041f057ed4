"""Raw suites: each passes on clean generated data and fails, naming the broken expectation,
on a file-level problem planted with SQL in a private copy of the raw warehouse."""

from __future__ import annotations

import re
from datetime import datetime

import duckdb
import pandas as pd
import pytest

from orchestration.contract import ContractColumn, SourceContract
from orchestration.quality.gx_runner import (
    TRIM_CHARACTERS,
    _staging_macro,
    cast_landed_sql,
    load_suite_spec,
    raw_suite_path,
    read_frames,
    run_suite,
)
from orchestration.settings import LANDING_SOURCES


def run_raw(source: str, path):
    with duckdb.connect(str(path), read_only=True) as con:
        return run_suite(load_suite_spec(raw_suite_path(source)), con)


def failed(run) -> set[tuple[str, str]]:
    return {(outcome.expectation_type, outcome.target) for outcome in run.failures}


@pytest.mark.parametrize("source", LANDING_SOURCES)
def test_raw_suite_passes_on_clean_generated_data(source, raw_warehouse):
    run = run_raw(source, raw_warehouse())
    assert run.success, run.failures_markdown()
    assert run.rows_by_frame["main"] > 0
    assert run.loads and all(load.passed and load.source_file for load in run.loads)


def test_frames_are_judged_without_fingerprinting_them(raw_warehouse, monkeypatch):
    """GX would hash every value of each frame for a batch marker nothing reads; the runner
    switches that off (gx_runner._gx_context), and a GX upgrade that brings it back fails here."""
    from great_expectations.execution_engine import pandas_execution_engine

    def refuse(frame):
        raise AssertionError(f"GX hashed a frame of {len(frame)} rows")

    monkeypatch.setattr(pandas_execution_engine, "hash_pandas_dataframe", refuse)
    run = run_raw("transactions", raw_warehouse())
    assert run.success, run.failures_markdown()
    assert run.rows_by_frame["main"] > 0


# (source, SQL planting a file-level problem, expectation that must fail, its target)
BAD_CASES = [
    (
        "branches",
        "update raw.branches set region = ''",
        "expect_column_values_to_not_be_null",
        "region",
    ),
    (
        "customers",
        "update raw.customers set tier = 'gold'",
        "expect_column_values_to_be_in_set",
        "tier",
    ),
    (
        "customers",
        "update raw.customers set home_branch_id = 'X' || home_branch_id",
        "expect_column_values_to_be_in_set",
        "home_branch_known",
    ),
    (
        "employees",
        "update raw.employees set hired_on = '2999-01-01'",
        "expect_column_values_to_be_between",
        "hired_on",
    ),
    (
        "balances",
        "update raw.balances set deposit_balance = '-' || deposit_balance "
        "where _row_number % 5 = 0 and deposit_balance not in ('0', '0.00')",
        "expect_column_values_to_be_between",
        "deposit_balance",
    ),
    (
        "transactions",
        "update raw.transactions set occurred_at = '2099-01-01T10:00:00' "
        "where _row_number % 10 = 0",
        "expect_column_values_to_be_between",
        "occurred_at",
    ),
    (
        "transactions",
        "update raw.transactions set customer_id = 'GHOST' || customer_id "
        "where _row_number % 10 = 0",
        "expect_column_values_to_be_in_set",
        "customer_known",
    ),
    (
        "transactions",
        "insert into raw.transactions select * replace "
        "('again.csv' as _source_file) from raw.transactions",
        "expect_column_values_to_be_unique",
        "transaction_id",
    ),
    (
        "transactions",
        "update raw._load_manifest set row_count = 10 where load_id = "
        "(select max(load_id) from raw._load_manifest where source_name = 'transactions')",
        "expect_column_values_to_be_between",
        "volume_ratio",
    ),
    (
        "survey_responses",
        "update raw.survey_responses set responded_at = '1999-12-31T09:00:00'",
        "expect_column_values_to_be_between",
        "responded_at",
    ),
    (
        "survey_answers",
        "update raw.survey_answers set answer_numeric = "
        "cast(cast(answer_numeric as double) * 10 as varchar) where question_code like 'sq_%'",
        "expect_column_pair_values_a_to_be_greater_than_b",
        "scale_max vs answer_numeric",
    ),
    (
        "survey_answers",
        "update raw.survey_answers set question_code = 'q_' || question_code",
        "expect_column_values_to_be_in_set",
        "question_known",
    ),
    (
        "complaints",
        "update raw.complaints set resolved_at = '2001-01-01T00:00:00' "
        "where coalesce(resolved_at, '') <> ''",
        "expect_column_pair_values_a_to_be_greater_than_b",
        "resolved_at vs received_at",
    ),
    (
        "callbacks",
        "update raw.callbacks set score = '9' where coalesce(score, '') <> ''",
        "expect_column_values_to_be_between",
        "score",
    ),
]


@pytest.mark.parametrize(
    ("source", "sql", "expectation", "target"),
    BAD_CASES,
    ids=[f"{case[0]}-{case[3]}" for case in BAD_CASES],
)
def test_raw_suite_fails_on_file_level_problem(source, sql, expectation, target, raw_warehouse):
    run = run_raw(source, raw_warehouse(sql))
    assert not run.success
    assert (expectation, target) in failed(run), run.failures_markdown()


def test_every_raw_source_has_a_bad_case():
    assert {case[0] for case in BAD_CASES} == set(LANDING_SOURCES)


def test_a_single_bad_row_is_left_to_the_staging_rejects(raw_warehouse):
    """Row thresholds use mostly: one negative amount is a reject, not a blocked refresh."""
    path = raw_warehouse(
        "update raw.transactions set amount = '-5.00' where _row_number = 1 and _load_id = "
        "(select min(_load_id) from raw.transactions)"
    )
    run = run_raw("transactions", path)
    assert run.success, run.failures_markdown()
    amount = next(o for o in run.outcomes if o.target == "amount")
    assert amount.observed.startswith("1 of ")


def test_failure_samples_name_file_and_row(raw_warehouse):
    run = run_raw(
        "transactions",
        raw_warehouse("update raw.transactions set amount = '-1' where _row_number % 4 = 0"),
    )
    # only the broken expectation fails (GX returns results out of suite order; they are
    # matched back by a tag, and this would catch a mix-up)
    assert failed(run) == {("expect_column_values_to_be_between", "amount")}
    outcome = run.failures[0]
    assert "of" in outcome.observed and "mostly=0.98" in outcome.threshold
    sample = outcome.samples[0]
    assert sample["amount"] == -1.0
    assert sample["_source_file"].startswith("transactions/") and sample["_row_number"] % 4 == 0


def test_volume_is_not_judged_without_enough_history(raw_warehouse):
    path = raw_warehouse(
        "delete from raw._load_manifest where source_name = 'transactions' and load_id < "
        "(select max(load_id) - 1 from raw._load_manifest where source_name = 'transactions')",
        "update raw._load_manifest set row_count = 1 where load_id = "
        "(select max(load_id) from raw._load_manifest where source_name = 'transactions')",
    )
    run = run_raw("transactions", path)
    with duckdb.connect(str(path), read_only=True) as con:
        (latest,) = con.execute(
            "select max(load_id) from raw._load_manifest where source_name = 'transactions'"
        ).fetchone()
    # every load is judged on its own; the latest one (1 row) has one earlier load in the
    # manifest only, so its ratio is null, not judged
    volume = next(o for o in run.outcomes if o.frame == "load_volume" and o.load_id == latest)
    assert volume.success, run.failures_markdown()
    assert volume.observed.startswith("0 of 1 rows")


def cast_texts(
    contract_type: str,
    texts: list[str | None],
    accepted_values: tuple[str, ...] = (),
    timezone: str = "Asia/Shanghai",
) -> list[object]:
    """Each landed text cast by the SQL the raw checks read a load with (cast_landed_sql)."""
    column = ContractColumn("value", contract_type, required=False, accepted_values=accepted_values)
    contract = SourceContract(name="probe", columns=(column,), primary_key=())
    with duckdb.connect() as con:
        con.execute("create table landed (position integer, value varchar)")
        con.executemany("insert into landed values (?, ?)", list(enumerate(texts)))
        sql = cast_landed_sql("select * from landed", ["position", "value"], contract, timezone)
        rows = con.execute(f"{sql} order by position").fetchall()
    assert [position for position, _ in rows] == list(range(len(texts)))  # passed through
    return [value for _, value in rows]


# (contract type, landed text, the value the raw checks judge: staging's value of the text)
CAST_CASES = [
    # timestamps: an offset is converted to the warehouse timezone (UTC+8), none is local time
    ("timestamp", "2025-01-01T10:00:00Z", datetime(2025, 1, 1, 18, 0)),
    ("timestamp", "2025-01-01T10:00:00+08:00", datetime(2025, 1, 1, 10, 0)),
    ("timestamp", "2025-01-01T10:00:00+0800", datetime(2025, 1, 1, 10, 0)),
    ("timestamp", "2025-01-01T10:00:00+08", datetime(2025, 1, 1, 10, 0)),
    ("timestamp", "2025-01-01T02:00:00-05:00", datetime(2025, 1, 1, 15, 0)),
    ("timestamp", "2025-01-01T10:00:00", datetime(2025, 1, 1, 10, 0)),
    ("timestamp", "2025-01-01 10:00", datetime(2025, 1, 1, 10, 0)),
    ("timestamp", "2025-01-01T10:00:00.123456", datetime(2025, 1, 1, 10, 0, 0, 123456)),
    ("timestamp", " \t2025-01-01T10:00:00\r\n", datetime(2025, 1, 1, 10, 0)),
    ("timestamp", "\u30002025-01-01T10:00:00Z\u00a0", datetime(2025, 1, 1, 18, 0)),
    ("timestamp", "2025/01/01 10:00", None),
    ("timestamp", "10/02/2025", None),
    ("timestamp", "2025-02-30T10:00:00", None),
    ("timestamp", "2025-01-01T10:00:00+08:00:00", None),
    ("timestamp", "not-a-date", None),
    ("timestamp", "", None),
    ("timestamp", " \t ", None),
    ("timestamp", None, None),
    # integers: a whole number, '12.0' included; nothing else
    ("integer", "12", 12),
    ("integer", "12.0", 12),
    ("integer", " -3 ", -3),
    ("integer", "+7", 7),
    ("integer", "1.5", None),
    ("integer", "1e3", None),
    ("integer", "abc", None),
    ("integer", "", None),
    # decimals: the contract decimal type (4 places), as DOUBLE
    ("decimal", "12.34", 12.34),
    ("decimal", "-0.5", -0.5),
    ("decimal", ".5", 0.5),
    ("decimal", "5.", 5.0),
    ("decimal", "1.23456", 1.2346),
    ("decimal", "\u00a012.5\u3000", 12.5),
    ("decimal", "1e3", None),
    ("decimal", "12,50", None),
    ("decimal", "abc", None),
    ("decimal", "  ", None),
    # dates and months (the first day), as timestamps at midnight
    ("date", "2025-01-31", datetime(2025, 1, 31)),
    ("date", " 2024-02-29\n", datetime(2024, 2, 29)),
    ("date", "2025-02-30", None),
    ("date", "2025/01/31", None),
    ("date", "2025-1-31", None),
    ("date", "2025-01-31T10:00:00", None),
    ("month", "2025-02", datetime(2025, 2, 1)),
    ("month", "2025-13", None),
    ("month", "2025-02-01", None),
    ("month", "", None),
    # text: trimmed, blank is null, case kept
    ("text", "  Zhang Wei\t", "Zhang Wei"),
    ("text", "\u3000", None),
    ("text", "", None),
]


@pytest.mark.parametrize(("contract_type", "text", "expected"), CAST_CASES)
def test_landed_text_is_cast_as_staging_casts_it(contract_type, text, expected):
    (value,) = cast_texts(contract_type, [text])
    assert value == expected
    assert type(value) is type(expected)  # 12 and 12.0, a date and a timestamp are told apart


def test_the_characters_trimmed_are_those_staging_trims():
    """duckdb__trim_to_null lists them as ' ' || chr(9) || ...: the same set, no more, no less."""
    body = _staging_macro("duckdb__trim_to_null")
    listed = {chr(int(code)) for code in re.findall(r"chr\((\d+)\)", body)}
    listed |= {" "} if "' '" in body else set()
    assert listed == set(TRIM_CHARACTERS)
    # the guard that skips the trim where neither end holds one of them: the same set, twice
    guards = re.findall(r"in \(([\d, ]+)\)", body)
    assert len(guards) == 2
    for guard in guards:
        assert {chr(int(code)) for code in guard.split(",")} == set(TRIM_CHARACTERS)


def test_accepted_values_are_compared_in_lower_case():
    texts = [" ATM ", "Mobile", "online", "", None]
    accepted = ("atm", "mobile", "online")
    assert cast_texts("text", texts, accepted) == ["atm", "mobile", "online", None, None]
    assert cast_texts("text", [" ATM "]) == ["ATM"]  # no accepted values: case kept


def test_timestamps_with_offset_follow_the_timezone_given():
    texts = ["2025-01-01T10:00:00+08:00", "2025-01-01T10:00:00Z", "2025-01-01T10:00:00"]
    assert cast_texts("timestamp", texts, timezone="UTC") == [
        datetime(2025, 1, 1, 2, 0),
        datetime(2025, 1, 1, 10, 0),
        datetime(2025, 1, 1, 10, 0),
    ]


def test_main_frame_is_read_in_vectorised_dtypes(raw_warehouse):
    """Timestamps as datetime64[ns] and numbers as float64 (GX compares them vectorised), a
    timestamp beyond the nanosecond range kept (in microseconds) rather than lost."""
    path = raw_warehouse(
        "update raw.employees set hired_on = '2999-01-01' where _row_number = 1",
        "update raw.transactions set amount = ' 12.50 ', occurred_at = "
        "'2025-01-01T10:00:00Z' where _row_number = 1",
    )
    with duckdb.connect(str(path), read_only=True) as con:
        frames = {}
        for source in ("transactions", "employees"):
            spec = load_suite_spec(raw_suite_path(source))
            (load_id,) = con.execute(f"select min(_load_id) from raw.{source}").fetchall()[0]
            frames[source] = read_frames(spec, con, load_id=load_id)["main"]
    transactions = frames["transactions"].set_index("_row_number")
    assert str(transactions["occurred_at"].dtype) == "datetime64[ns]"
    assert str(transactions["amount"].dtype) == "float64"
    assert transactions.loc[1, "occurred_at"] == pd.Timestamp("2025-01-01T18:00:00")
    assert transactions.loc[1, "amount"] == 12.5
    employees = frames["employees"].set_index("_row_number")
    assert str(employees["hired_on"].dtype) == "datetime64[us]"
    assert employees.loc[1, "hired_on"] == pd.Timestamp("2999-01-01")


def test_future_check_uses_the_warehouse_local_now(raw_warehouse):
    """A timestamp 2 h ahead of local now is in the future; 2 h behind is not (Asia/Shanghai
    is UTC+8, so reading local times as UTC would get both wrong)."""
    now_local = pd.Timestamp.now(tz="Asia/Shanghai").tz_localize(None)
    ahead = (now_local + pd.Timedelta(hours=2)).isoformat(timespec="seconds")
    behind = (now_local - pd.Timedelta(hours=2)).isoformat(timespec="seconds")
    update = "update raw.survey_responses set responded_at = '{}'"
    assert not run_raw("survey_responses", raw_warehouse(update.format(ahead))).success
    assert run_raw("survey_responses", raw_warehouse(update.format(behind))).success
