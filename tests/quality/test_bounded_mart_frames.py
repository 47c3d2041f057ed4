"""The large marts are checked through frames that hold aggregates or offending rows only."""

from __future__ import annotations

import pandas as pd

from orchestration.quality.gx_runner import EXPECTATIONS_DIR, load_suite_spec
from tests.quality.test_mart_suites import failed_targets, run_mart


def segments(**changes) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "customer_id": ["C1", "C2", "C3"],
            "month_start": [pd.Timestamp("2025-03-01")] * 3,
            "segment": ["stable", "at_risk", "cold"],
            "segment_reasons": [None, "nps_detractor", "no_recent_activity"],
            "tenure_days": [400, 30, 900],
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
