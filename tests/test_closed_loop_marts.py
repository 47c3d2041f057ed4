"""Closed-loop marts on generated data, checked against pandas computations from staging."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.conftest import BuiltWarehouse

pytestmark = pytest.mark.slow

CUSTOMER_INSTRUMENTS = {"customer_relationship", "customer_transactional", "post_complaint"}
CALLBACK_SLA = pd.Timedelta(hours=48)


@pytest.fixture(scope="module")
def frames(built_warehouse: BuiltWarehouse) -> dict[str, pd.DataFrame]:
    queries = {
        "cases": "select * from intermediate.int_closed_loop_cases",
        "mart": "select * from marts.mart_closed_loop_monthly",
        "fct_callbacks": "select * from marts.fct_callbacks",
        "callbacks": "select * from staging.stg_callbacks__callbacks",
        "complaints": "select * from staging.stg_complaints__complaints",
        "responses": "select * from marts.fct_survey_responses",
        "observation": "select * from intermediate.int_observation_window",
    }
    with built_warehouse.connect() as con:
        return {name: con.sql(sql).df() for name, sql in queries.items()}


def test_every_detractor_response_and_complaint_is_one_case(frames):
    responses = frames["responses"]
    detractors = responses[
        responses.instrument.isin(CUSTOMER_INSTRUMENTS) & (responses.nps_category == "detractor")
    ]
    expected = {("detractor_response", r) for r in detractors.response_id} | {
        ("complaint", c) for c in frames["complaints"].complaint_id
    }
    cases = frames["cases"]
    actual = list(zip(cases.case_type, cases.case_id, strict=True))
    assert len(actual) == len(set(actual))
    assert set(actual) == expected
    assert len(detractors) > 0


def test_callback_status_matches_a_pandas_recomputation(frames):
    cases, callbacks = frames["cases"], frames["callbacks"]
    observed_until = pd.Timestamp(frames["observation"].observed_through_on[0]) + pd.Timedelta(
        days=1
    )
    follow_ups = callbacks[
        callbacks.reason.isin(["complaint_follow_up", "detractor_follow_up"])
        & (callbacks.attempted_at < observed_until)
    ].assign(
        case_type=lambda f: f.reason.map(
            {"complaint_follow_up": "complaint", "detractor_follow_up": "detractor_response"}
        )
    )
    merged = cases.merge(
        follow_ups[["case_type", "related_id", "attempted_at"]],
        left_on=["case_type", "case_id"],
        right_on=["case_type", "related_id"],
        how="left",
    )
    merged = merged[merged.attempted_at.isna() | (merged.attempted_at >= merged.opened_at)]
    first = merged.groupby(["case_type", "case_id"]).attempted_at.min()
    cases = cases.set_index(["case_type", "case_id"]).join(first.rename("expected_first"))
    due = cases.triggered_at + CALLBACK_SLA

    expected = pd.Series("not_yet_due", index=cases.index)
    expected[due < observed_until] = "missed"
    expected[cases.expected_first.notna()] = "late"
    expected[cases.expected_first.notna() & (cases.expected_first <= due)] = "within_sla"
    expected[cases.triggered_at.isna()] = "awaiting_resolution"
    mismatched = cases[cases.callback_status != expected]
    assert mismatched.empty, mismatched.head().to_string()
    assert (
        (cases.first_callback_at.fillna(pd.NaT) == cases.expected_first.fillna(pd.NaT))
        .where(cases.expected_first.notna(), True)
        .all()
    )
    assert set(cases.callback_status) >= {"within_sla", "missed"}


def test_monthly_mart_reconciles_with_cases(frames):
    cases, mart = frames["cases"], frames["mart"]
    detail = mart[~mart.is_all_branches & ~mart.is_all_case_types]
    total = mart[mart.is_all_branches & mart.is_all_case_types]
    assert detail.cases.sum() == total.cases.sum() == len(cases)
    assert total.cases_due.sum() == cases.is_due.sum()
    due = cases[cases.is_due]
    assert total.called_back_within_sla.sum() == (due.callback_status == "within_sla").sum()
    assert total.recovered.sum() == due.is_recovered.sum()
    by_month = due.groupby("case_month").size()
    per_month = total.set_index("case_month").cases_due
    assert per_month.reindex(by_month.index).tolist() == by_month.tolist()


def test_monthly_mart_rates_are_shares(frames):
    mart = frames["mart"]
    for column in (
        "called_back_share",
        "called_back_within_sla_share",
        "reach_rate",
        "recovered_share",
        "recovery_rate",
        "retention_90d_recovered",
        "retention_90d_unrecovered",
    ):
        values = mart[column].dropna()
        assert values.between(0, 1).all(), column
    assert (mart.called_back_within_sla <= mart.called_back).all()
    assert (mart.reached <= mart.called_back).all()
    assert (mart.recovered <= mart.reached).all()


def test_fct_callbacks_has_every_staged_callback_once(frames):
    fct, staged = frames["fct_callbacks"], frames["callbacks"]
    assert fct.callback_id.is_unique
    assert set(fct.callback_id) == set(staged.callback_id)
    first = fct[fct.is_first_attempt]
    cases = frames["cases"].dropna(subset=["first_callback_id"])
    assert set(first.callback_id) == set(cases.first_callback_id)
