"""Invariants of the complaint marts on generated data (fct_complaints, mart_complaints_monthly)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from tests.conftest import BuiltWarehouse


@pytest.fixture(scope="module")
def frames(built_warehouse: BuiltWarehouse) -> dict[str, pd.DataFrame]:
    with built_warehouse.connect() as con:
        return {
            "fct": con.sql("select * from marts.fct_complaints").df(),
            "mart": con.sql("select * from marts.mart_complaints_monthly").df(),
            "staged": con.sql("select * from staging.stg_complaints__complaints").df(),
            "calendar": con.sql("select * from reference.business_calendar").df(),
            "hours": con.sql("select * from reference.branch_opening_hours").df(),
        }


def test_one_row_per_staged_complaint(frames):
    fct, staged = frames["fct"], frames["staged"]
    assert len(fct) > 0
    assert fct["complaint_id"].is_unique
    assert set(fct["complaint_id"]) == set(staged["complaint_id"])


def _business_hours(start, end, calendar_types, hours_by_type) -> float:
    """Brute force: sum, day by day, the overlap of [start, end] with the opening interval."""
    total = 0.0
    day = start.date()
    while day <= end.date():
        opens, closes = hours_by_type[calendar_types[day]]
        if opens is not None:
            window_start = max(start, dt.datetime.combine(day, opens))
            window_end = min(end, dt.datetime.combine(day, closes))
            total += max((window_end - window_start).total_seconds(), 0.0)
        day += dt.timedelta(days=1)
    return total / 3600.0


def test_business_hours_match_brute_force(frames):
    fct, calendar, hours = frames["fct"], frames["calendar"], frames["hours"]
    # the generated data uses the shipped seed: every branch on the '*' default hours
    assert set(fct["branch_profile_id"]) == {"*"}
    default = hours[hours["branch_id"] == "*"]
    hours_by_type = {
        row.day_type: (
            None if pd.isna(row.opens_at) else row.opens_at,
            None if pd.isna(row.closes_at) else row.closes_at,
        )
        for row in default.itertuples()
    }
    calendar_types = {
        pd.Timestamp(row.calendar_date).date(): row.day_type for row in calendar.itertuples()
    }
    acknowledged = fct[fct["acknowledged_at"].notna()]
    acknowledged = acknowledged[acknowledged["acknowledged_at"] >= acknowledged["received_at"]]
    assert len(acknowledged) > 0
    for row in acknowledged.itertuples():
        expected = _business_hours(
            row.received_at.to_pydatetime(),
            row.acknowledged_at.to_pydatetime(),
            calendar_types,
            hours_by_type,
        )
        assert float(row.hours_to_acknowledge_business) == pytest.approx(expected, abs=1e-4), (
            row.complaint_id
        )


def test_sla_flags_are_consistent(frames):
    fct = frames["fct"]
    breach = fct["is_open_breach"]
    assert (fct.loc[breach, "is_resolve_sla_breached"]).all()
    assert (fct.loc[breach, "is_open_as_of"]).all()
    resolved_late = fct["resolved_at"] > fct["resolve_deadline_at"]
    assert (fct.loc[resolved_late, "is_resolve_sla_breached"]).all()
    within = fct["is_resolved_within_sla"]
    decided = within.notna()
    assert (within[decided].astype(bool) == ~fct.loc[decided, "is_resolve_sla_breached"]).all()
    resolved = fct[fct["resolved_at"].notna()]
    days = (resolved["resolved_at"] - resolved["received_at"]).dt.total_seconds() / 86400
    assert (resolved["days_to_resolve"].astype(float) - days).abs().max() < 1e-4


def test_repeat_complaints_match_pandas(frames):
    fct = frames["fct"].sort_values(["customer_id", "received_at", "complaint_id"])
    previous = fct.groupby("customer_id")["received_at"].shift()
    expected = (fct["received_at"] - previous) <= pd.Timedelta(days=30)
    assert (fct["is_repeat_complaint"] == expected.fillna(False)).all()


def test_monthly_mart_reconciles_with_fact(frames):
    fct, mart = frames["fct"], frames["mart"]
    by_month = fct.groupby("received_month").size()
    for is_rollup in (False, True):
        totals = (
            mart[mart["is_all_branches"] == is_rollup].groupby("received_month")["complaints"].sum()
        )
        assert totals.sort_index().tolist() == by_month.sort_index().tolist()
    all_branches = mart[mart["is_all_branches"]]
    assert all_branches["open_breaches"].sum() == fct["is_open_breach"].sum()
    assert all_branches["estimated_silent_dissatisfied"].astype(float).sum() == pytest.approx(
        len(fct) * (1 / 0.04 - 1)
    )


def test_monthly_mart_measures_in_range(frames):
    mart = frames["mart"]
    for share in (
        "acknowledged_within_sla_share",
        "resolved_within_sla_share",
        "regulator_or_media_escalation_rate",
        "repeat_rate",
        "recovery_rate",
    ):
        values = mart[share].dropna().astype(float)
        assert values.between(0, 1).all(), share
    both = mart[["median_days_to_resolve", "p90_days_to_resolve"]].dropna().astype(float)
    assert (both["median_days_to_resolve"] <= both["p90_days_to_resolve"] + 1e-9).all()
    branch = mart[~mart["is_all_branches"] & (mart["branch_id"] != "unspecified")]
    assert (branch["customers_open"] > 0).all()
    assert mart.loc[mart["branch_id"] == "unspecified", "customers_open"].isna().all()
