"""The large marts are checked through frames that hold aggregates or offending rows only."""

from __future__ import annotations

import duckdb
import pandas as pd

from orchestration.quality.gx_runner import (
    EXPECTATIONS_DIR,
    load_suite_spec,
    record_accepted,
    run_suite,
)
from tests.quality.test_mart_suites import failed_targets, run_mart


def segments(**changes) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "customer_id": ["C1", "C2", "C3"],
            "month_start": [pd.Timestamp("2025-03-01")] * 3,
            "segment": ["stable", "at_risk", "cold"],
            "segment_reasons": [None, "nps_detractor", "no_recent_activity"],
            "tenure_days": [400, 30, 900],
            "_invocation_id": ["run-1"] * 3,
        }
    )
    for column, value in changes.items():
        frame.loc[2, column] = value
    return frame


def test_loyalty_suite_passes_and_reads_no_whole_mart(tmp_path):
    run = run_mart(tmp_path, "mart_loyalty_segments", segments())
    assert run.success
    # Only the one-row size frame and the distinct segments; offending-row frames are empty.
    assert run.rows_by_frame["size"] == 1
    assert run.rows_by_frame["segments"] == 3
    assert "main" not in run.rows_by_frame
    spec = load_suite_spec(EXPECTATIONS_DIR / "marts" / "mart_loyalty_segments.json")
    assert all(
        " limit " in sql or "count(" in sql or "distinct" in sql
        for sql in spec.frames.values()
        if sql != spec.frames["main"]
    )


def test_loyalty_suite_catches_duplicate_keys(tmp_path):
    frame = segments(customer_id="C2")
    run = run_mart(tmp_path, "mart_loyalty_segments", frame)
    assert failed_targets(run) == {"rows_per_key"}
    assert run.failures[0].samples[0]["customer_id"] == "C2"


def test_loyalty_suite_catches_negative_tenure_and_unknown_segments(tmp_path):
    run = run_mart(tmp_path, "mart_loyalty_segments", segments(tenure_days=-1))
    assert failed_targets(run) == {"tenure_days"}
    assert run.failures[0].samples[0]["customer_id"] == "C3"
    run = run_mart(tmp_path, "mart_loyalty_segments", segments(segment="lost"))
    assert failed_targets(run) == {"segment"}


def test_an_empty_loyalty_mart_fails(tmp_path):
    run = run_mart(tmp_path, "mart_loyalty_segments", segments().iloc[0:0])
    assert failed_targets(run) == {"customer_months"}


def test_an_incremental_mart_is_judged_on_the_rows_of_runs_not_accepted_yet(tmp_path):
    """Frames with {rows_not_yet_accepted} read the rows of dbt runs the suite has not
    accepted; a pass records the runs, a failure records nothing, so it fails again."""
    spec = load_suite_spec(EXPECTATIONS_DIR / "marts" / "mart_loyalty_segments.json")
    assert spec.judges_new_rows
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
        con.execute("create schema marts")
        con.execute("create schema raw")
        con.register("frame", segments())
        con.execute("create table marts.mart_loyalty_segments as select * from frame")

        first = run_suite(spec, con)
        assert first.success
        assert first.invocations == ["run-1"]
        assert first.rows_by_frame["segments"] == 3
        assert record_accepted(con, first) == 1

        # nothing new: the accepted run's rows are not read again; the size frame still is
        again = run_suite(spec, con)
        assert again.success
        assert again.invocations == []
        assert again.rows_by_frame["segments"] == 0
        assert again.rows_by_frame["size"] == 1

        # a later run writes a bad month: judged, failed, not recorded, judged again
        con.execute(
            "insert into marts.mart_loyalty_segments "
            "values ('C4', date '2025-04-01', 'lost', null, -5, 'run-2')"
        )
        for _ in range(2):
            bad = run_suite(spec, con)
            assert bad.invocations == ["run-2"]
            assert failed_targets(bad) == {"segment", "segment_reasons", "tenure_days"}
            assert record_accepted(con, bad) == 0
