"""The benchmark's own pieces: memory measurement, the one-day increment, the report."""

from __future__ import annotations

import shutil
import sys

import duckdb

from orchestration.bench import (
    ScaleRun,
    StageFigure,
    _measured,
    add_one_day_of_transactions,
    report,
)


def test_peak_memory_is_the_childs_own(tmp_path):
    allocate = [
        sys.executable,
        "-c",
        "import time; block = b'x' * (300 * 1024 * 1024); time.sleep(0.5)",
    ]
    seconds, peak = _measured(allocate, env={}, log=tmp_path / "log")
    assert seconds > 0
    assert 300 <= peak < 450
    sleeper = [sys.executable, "-c", "import time; time.sleep(0.5)"]
    _, small = _measured(sleeper, env={}, log=tmp_path / "log")
    assert small < 100


def test_peak_memory_counts_the_children(tmp_path):
    grandchild = "import time; block = b'x' * (250 * 1024 * 1024); time.sleep(0.5)"
    parent = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {grandchild!r}])"
    _, peak = _measured([sys.executable, "-c", parent], env={}, log=tmp_path / "log")
    assert 250 <= peak < 400


def test_one_more_day_copies_the_last_day_a_day_later(built_warehouse, tmp_path):
    shutil.copy(built_warehouse.duckdb_path, tmp_path / "cx.duckdb")
    (tmp_path / "landing" / "transactions").mkdir(parents=True)
    added = add_one_day_of_transactions(tmp_path)
    with duckdb.connect(str(tmp_path / "cx.duckdb"), read_only=True) as con:
        last_day, last_day_rows = con.execute(
            "select cast(occurred_at as date) as day, count(*) from marts.fct_transactions "
            "group by day order by day desc limit 1"
        ).fetchall()[0]
        new = con.execute(
            f"select count(*), count(distinct transaction_id), min(occurred_at), "
            f"bool_and(transaction_id like 'D%') from read_parquet("
            f"'{tmp_path}/landing/transactions/transactions_{added['day']}.parquet')"
        ).fetchall()[0]
    assert added["rows"] == last_day_rows == new[0] == new[1]
    assert new[2][:10] == added["day"] > str(last_day)
    assert new[3]


def test_report_shows_totals_ratios_and_model_growth():
    def run(customers, build, scan, model_seconds):
        figures = [
            StageFigure("generate", 5, 300),
            StageFigure("ingest", 10, 800),
            StageFigure("raw_checks", 5, 900),
            StageFigure("dbt_build", build, 2000),
            StageFigure("mart_checks", 3, 500),
            StageFigure("publish", 2, 200),
            StageFigure("baseline_scan", scan, 400),
        ]
        incremental = [StageFigure("ingest", 1, 300), StageFigure("dbt_build", build / 10, 900)]
        return ScaleRun(
            customers=customers,
            months=12,
            rows={"transactions": customers * 33},
            stages=figures,
            incremental=incremental,
            dbt_models={"fct_transactions": model_seconds},
        )

    text = report([run(100_000, 60, 0.5, 2.0), run(1_000_000, 400, 4.0, 30.0)])
    assert "full refresh (ingest + raw checks + dbt build + mart checks): 78.0 s" in text
    assert "with publish 80.0 s" in text
    assert "one-day incremental refresh (same stages): 7.0 s (9% of the full; " in text
    assert "target < 10%: met" in text
    assert "dbt build / baseline scan: 100x" in text
    assert "peak memory of any stage: 2,000 MiB (target < 4,096 MiB: met)" in text
    assert "fct_transactions" in text and "15.0x" in text
    assert "15.0x  grows faster than its input" in text  # 15x the time for 10x the input
