"""The benchmark's own pieces: memory measurement, the one-day increment, the report."""

from __future__ import annotations

import py_compile
import shutil
import sys
import time
from datetime import timedelta

import duckdb
import pytest

from orchestration.bench import (
    ONE_DAY_KINDS,
    ScaleRun,
    StageFigure,
    _measured,
    _measured_stages,
    _stage_spans,
    add_one_day_of_transactions,
    model_sources,
    packages_without_bytecode,
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


def test_stages_of_one_process_get_their_own_time_and_peak(tmp_path):
    """A process that runs two stages (as the refresh runs its steps): the first allocates
    300 MiB and frees it, the second allocates nothing. Each stage gets its own peak, and the
    stage times add up to the process's wall time, the first carrying the process start."""
    clock = tmp_path / "clock.jsonl"
    worker = (
        "import time; from pathlib import Path; from orchestration.bench import note_stage_end\n"
        f"clock = Path({str(clock)!r})\n"
        "block = b'x' * (300 * 1024 * 1024); time.sleep(0.6); del block\n"
        "note_stage_end(clock, 'allocating')\n"
        "time.sleep(0.6)\n"
        "note_stage_end(clock, 'idle')\n"
    )
    started = time.monotonic()
    figures = _measured_stages([sys.executable, "-c", worker], {}, tmp_path / "log", clock)
    wall = time.monotonic() - started
    assert [stage for stage, _, _ in figures] == ["allocating", "idle"]
    (_, first_seconds, first_peak), (_, second_seconds, second_peak) = figures
    assert 300 <= first_peak < 450
    assert second_peak < 100
    assert first_seconds >= 0.6 and second_seconds >= 0.6
    assert first_seconds + second_seconds <= wall


def test_stage_spans_run_from_the_end_of_the_one_before(tmp_path):
    clock = tmp_path / "clock.jsonl"
    clock.write_text(
        '{"stage": "ingest", "ended": 12.0}\n{"stage": "dbt_build", "ended": 30.0}\n',
        encoding="utf-8",
    )
    # the last stage runs to the process's exit (31.5), after its note
    assert _stage_spans(clock, 10.0, 31.5) == [("ingest", 10.0, 12.0), ("dbt_build", 12.0, 31.5)]


@pytest.mark.parametrize("kind", ONE_DAY_KINDS)
def test_one_more_day_copies_a_day_onto_the_next(built_warehouse, tmp_path, kind):
    """An ordinary day copies the latest day that is not a month end, a month-end day the
    latest month end: every row, with new ids, dated the day after the last one."""
    shutil.copy(built_warehouse.duckdb_path, tmp_path / "cx.duckdb")
    (tmp_path / "landing" / "transactions").mkdir(parents=True)
    added = add_one_day_of_transactions(tmp_path, kind)
    with duckdb.connect(str(tmp_path / "cx.duckdb"), read_only=True) as con:
        days = con.execute(
            "select cast(occurred_at as date) as day, count(*) from marts.fct_transactions "
            "group by day order by day"
        ).fetchall()
        new = con.execute(
            f"select count(*), count(distinct transaction_id), min(occurred_at), "
            f"max(occurred_at), count(*) filter (where transaction_id in "
            f"(select transaction_id from marts.fct_transactions)) from read_parquet("
            f"'{tmp_path}/landing/transactions/transactions_{added['day']}.parquet')"
        ).fetchall()[0]
    rows_by_day = dict(days)
    month_ends = [day for day in rows_by_day if (day + timedelta(days=1)).day == 1]
    others = [day for day in rows_by_day if day not in month_ends]
    copied = max(month_ends if kind == "month_end" else others)
    assert added["copied_day"] == str(copied)
    assert added["rows"] == rows_by_day[copied] == new[0] == new[1]
    assert new[2][:10] == new[3][:10] == added["day"] == str(max(rows_by_day) + timedelta(days=1))
    assert new[4] == 0  # no id of a stored transaction


def test_one_more_day_refuses_an_unknown_kind(tmp_path):
    with pytest.raises(ValueError, match="kind must be one of"):
        add_one_day_of_transactions(tmp_path, "weekend")


def test_packages_without_bytecode_are_named(tmp_path, monkeypatch):
    for name in ("cx_bench_compiled", "cx_bench_uncompiled"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text("VALUE = 1\n", encoding="utf-8")
    py_compile.compile(str(tmp_path / "cx_bench_compiled" / "__init__.py"), doraise=True)
    monkeypatch.syspath_prepend(str(tmp_path))
    packages = ("cx_bench_compiled", "cx_bench_uncompiled", "cx_bench_not_installed")
    assert packages_without_bytecode(packages) == ["cx_bench_uncompiled"]


def test_report_shows_totals_ratios_and_model_growth():
    def run(customers, build, scan, model_seconds, complaints):
        figures = [
            StageFigure("generate", 5, 300),
            StageFigure("ingest", 10, 800),
            StageFigure("raw_checks", 5, 900),
            StageFigure("dbt_build", build, 2000),
            StageFigure("mart_checks", 3, 500),
            StageFigure("publish", 2, 200),
            StageFigure("baseline_scan", scan, 400),
        ]
        ingest = StageFigure("ingest", 1, 300, {"added": {"rows": customers // 20}})
        incremental = [ingest, StageFigure("dbt_build", build / 10, 900)]
        month_end_ingest = StageFigure("ingest", 2, 300, {"added": {"rows": customers}})
        month_end = [month_end_ingest, StageFigure("dbt_build", build / 5, 4500)]
        return ScaleRun(
            customers=customers,
            months=12,
            rows={"transactions": customers * 33, "complaints": complaints},
            stages=figures,
            incremental=incremental,
            month_end=month_end,
            dbt_models=model_seconds,
            dbt_model_sources={
                "fct_transactions": ["transactions"],
                "fct_complaints": ["complaints"],
                "mart_both": ["complaints", "transactions"],
                "dim_date": [],
            },
        )

    small = {"fct_transactions": 2.0, "fct_complaints": 1.0, "mart_both": 1.0, "dim_date": 1.0}
    large = {"fct_transactions": 30.0, "fct_complaints": 24.0, "mart_both": 12.0, "dim_date": 1.2}
    # complaints grow 20x (1,000 to 20,000) while customers and transactions grow 10x
    text = report([run(100_000, 60, 0.5, small, 1_000), run(1_000_000, 400, 4.0, large, 20_000)])
    assert "full refresh (ingest + raw checks + dbt build + mart checks): 78.0 s" in text
    assert "with publish 80.0 s" in text
    assert (
        "one-day incremental refresh, ordinary day (5,000 transactions; same stages): 7.0 s "
        "(9% of the full; target < 10%: met)" in text
    )
    # a month-end day is reported beside it, not judged against the target
    assert (
        "one-day incremental refresh, month-end day (100,000 transactions; same stages): 14.0 s "
        "(18% of the full; reported, not judged)" in text
    )
    assert "dbt build / baseline scan: 100x" in text
    # the month-end day's 4,500 MiB is the peak, and misses the target
    assert "peak memory of any stage: 4,500 MiB (target < 4,096 MiB: MISSED)" in text
    lines = {line.split()[0]: line for line in text.splitlines() if line.strip()}
    # 15x the time for 10x the input: over the 1.25 tolerance
    assert lines["fct_transactions"].endswith("15.0x   10.0x  grows faster than its input")
    # 24x the time for 20x the input: within it
    assert lines["fct_complaints"].endswith("24.0x   20.0x")
    # the input of a model reading both is their summed rows: 3,301,000 to 33,020,000
    assert lines["mart_both"].endswith("12.0x   10.0x")
    # reading no landing source, its input does not grow: 1.2x is within 1.25x of 1x
    assert lines["dim_date"].endswith("1.2x    1.0x")


def test_model_sources_follow_models_to_the_landing_sources():
    def node(*parents):
        return {"depends_on": {"nodes": list(parents)}}

    manifest = {
        "sources": {
            "source.p.transactions.transactions": {"source_name": "transactions"},
            "source.p.complaints.complaints": {"source_name": "complaints"},
            "source.p.ingestion.load_manifest": {"source_name": "ingestion"},
        },
        "nodes": {
            "model.p.stg_t": node("source.p.transactions.transactions"),
            "model.p.stg_c": node("source.p.complaints.complaints", "seed.p.sla"),
            "model.p.stg_m": node("source.p.ingestion.load_manifest"),
            "model.p.mart": node("model.p.stg_t", "model.p.stg_c", "model.p.stg_m"),
            "seed.p.sla": node(),
            "test.p.not_null_mart": node("model.p.mart"),
        },
    }
    assert model_sources(manifest) == {
        "stg_t": ["transactions"],
        "stg_c": ["complaints"],
        "stg_m": [],  # the load manifest is the ingestion's record, not a landing source
        "mart": ["complaints", "transactions"],
    }
