"""Mart suites: good and bad cells built by hand in a DuckDB file shaped like the marts."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from orchestration.quality.gx_runner import EXPECTATIONS_DIR, load_suite_spec, run_suite


def run_mart(tmp_path, name: str, frame: pd.DataFrame):
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema if not exists marts")
        con.register("frame", frame)
        con.execute(f"create or replace table marts.{name} as select * from frame")
    with duckdb.connect(str(path), read_only=True) as con:
        return run_suite(load_suite_spec(EXPECTATIONS_DIR / "marts" / f"{name}.json"), con)


def failed_targets(run) -> set[str]:
    return {outcome.target for outcome in run.failures}


def satisfaction(**changes) -> pd.DataFrame:
    row = {
        "response_month": pd.Timestamp("2025-03-01"),
        "branch_id": "B0001",
        "channel": "branch",
        "customer_tier": "mass",
        "responses": 40,
        "nps_responses": 40,
        "promoters": 20,
        "passives": 10,
        "detractors": 10,
        "nps": 25.0,
        "nps_margin_of_error": 22.5,
        "csat_mean": 4.1,
        "csat_top2_box_share": 0.8,
        "ces_mean": 2.5,
        "servqual_gap": -0.4,
    }
    frame = pd.DataFrame([row, {**row, "branch_id": "B0002"}])
    for column, value in changes.items():
        frame.loc[1, column] = value
    return frame


def test_satisfaction_passes_on_good_cells(tmp_path):
    run = run_mart(tmp_path, "mart_satisfaction_monthly", satisfaction())
    assert run.success, run.failures_markdown()


@pytest.mark.parametrize(
    ("changes", "target"),
    [
        ({"nps": 120.0}, "nps"),
        ({"nps": -100.5}, "nps"),
        ({"csat_mean": 5.2}, "csat_mean"),
        ({"csat_top2_box_share": 1.1}, "csat_top2_box_share"),
        ({"promoters": 21}, "bucket_difference"),
    ],
)
def test_satisfaction_fails_on_bad_cells(tmp_path, changes, target):
    run = run_mart(tmp_path, "mart_satisfaction_monthly", satisfaction(**changes))
    assert failed_targets(run) == {target}
    outcome = run.failures[0]
    assert outcome.samples and outcome.samples[0]["branch_id"] == "B0002"


def segments(stable_share=0.5, at_risk_share=0.3, cold_share=0.2) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "month_start": [pd.Timestamp("2025-03-01")],
            "home_branch_id": ["B0001"],
            "tier": ["mass"],
            "customers": [10],
            "stable_customers": [5],
            "at_risk_customers": [3],
            "cold_customers": [2],
            "stable_share": [stable_share],
            "at_risk_share": [at_risk_share],
            "cold_share": [cold_share],
        }
    )


def test_segment_shares_sum_to_one(tmp_path):
    assert run_mart(tmp_path, "mart_segments_monthly", segments()).success
    # 0.1 + 0.2 + 0.7 is not exactly 1 in floating point: within the tolerance
    assert run_mart(tmp_path, "mart_segments_monthly", segments(0.7, 0.2, 0.1)).success
    bad = run_mart(tmp_path, "mart_segments_monthly", segments(0.5, 0.3, 0.1))
    assert failed_targets(bad) == {"share_total"}
    assert bad.failures[0].samples[0]["share_total"] == pytest.approx(0.9)


def test_segment_migration_rates_sum_to_one(tmp_path):
    def migration(rates):
        return pd.DataFrame(
            {
                "month_start": [pd.Timestamp("2025-03-01")] * 3,
                "home_branch_id": ["B0001"] * 3,
                "is_all_branches": [False] * 3,
                "from_segment": ["stable"] * 3,
                "to_segment": ["stable", "at_risk", "cold"],
                "migration_rate": rates,
            }
        )

    assert run_mart(tmp_path, "mart_segment_migration", migration([0.8, 0.15, 0.05])).success
    bad = run_mart(tmp_path, "mart_segment_migration", migration([0.8, 0.15, 0.15]))
    assert failed_targets(bad) == {"rate_total"}


def complaints(resolved_at: str, days: float) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "complaint_id": ["K1", "K2"],
            "received_at": pd.to_datetime(["2025-03-01 10:00", "2025-03-02 10:00"]),
            "acknowledged_at": pd.to_datetime(["2025-03-01 12:00", None]),
            "resolved_at": pd.to_datetime(["2025-03-05 10:00", resolved_at]),
            "days_to_resolve": [4.0, days],
            "severity": ["low", "high"],
            "escalation_level": [0, 1],
        }
    )


def test_complaints_resolved_after_received(tmp_path):
    assert run_mart(tmp_path, "fct_complaints", complaints("2025-03-03 10:00", 1.0)).success
    bad = run_mart(tmp_path, "fct_complaints", complaints("2025-03-01 10:00", -1.0))
    assert failed_targets(bad) == {"resolved_at vs received_at", "days_to_resolve"}
    pair = next(o for o in bad.failures if o.target == "resolved_at vs received_at")
    assert pair.samples[0]["complaint_id"] == "K2"


def test_complaints_received_in_the_future_fail(tmp_path):
    frame = complaints("2025-03-03 10:00", 1.0)
    frame.loc[1, "received_at"] = pd.Timestamp.now() + pd.Timedelta(days=30)
    frame.loc[1, "resolved_at"] = frame.loc[1, "received_at"]
    assert "received_at" in failed_targets(run_mart(tmp_path, "fct_complaints", frame))


def test_loyalty_reasons_required_only_off_stable(tmp_path):
    """A stable customer needs no reason, an at_risk one does (frame off_stable)."""
    frame = pd.DataFrame(
        {
            "customer_id": ["C1", "C2"],
            "month_start": [pd.Timestamp("2025-03-01")] * 2,
            "segment": ["stable", "at_risk"],
            "segment_reasons": [None, "nps_detractor"],
            "tenure_days": [400, 30],
            "_invocation_id": ["run-1"] * 2,
        }
    )
    assert run_mart(tmp_path, "mart_loyalty_segments", frame).success
    frame.loc[1, "segment_reasons"] = None
    bad = run_mart(tmp_path, "mart_loyalty_segments", frame)
    assert failed_targets(bad) == {"segment_reasons"}
    assert bad.failures[0].samples[0]["customer_id"] == "C2"


def test_an_empty_mart_fails(tmp_path):
    frame = satisfaction().iloc[0:0]
    assert "table" in failed_targets(run_mart(tmp_path, "mart_satisfaction_monthly", frame))
