"""Satisfaction marts on generated data: invariants, and the planted service-quality structure.

Branches with higher planted service quality (truth branches.csv, column `sq`) must show higher
NPS and CSAT in mart_satisfaction_monthly (all channels, all tiers rows, pooled over months).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

pytestmark = pytest.mark.slow

MIN_RANK_CORRELATION = 0.5


def spearman(x: pd.Series, y: pd.Series) -> float:
    """Spearman rank correlation (average ranks for ties) without scipy."""
    return float(np.corrcoef(x.rank().to_numpy(), y.rank().to_numpy())[0, 1])


@pytest.fixture(scope="module")
def monthly(built_warehouse) -> pd.DataFrame:
    with built_warehouse.connect() as con:
        return con.sql("select * from marts.mart_satisfaction_monthly").df()


@pytest.fixture(scope="module")
def branch_scores(built_warehouse, monthly) -> pd.DataFrame:
    """Per branch: NPS and CSAT pooled over all months from the all-channels, all-tiers rows."""
    rows = monthly[~monthly.is_all_branches & monthly.is_all_channels & monthly.is_all_tiers]
    rows = rows.assign(csat_total=rows.csat_mean.fillna(0) * rows.csat_responses)
    per_branch = rows.groupby("branch_id", as_index=False)[
        ["nps_responses", "promoters", "detractors", "csat_responses", "csat_total"]
    ].sum()
    per_branch["nps"] = (
        100 * (per_branch.promoters - per_branch.detractors) / per_branch.nps_responses
    )
    per_branch["csat"] = per_branch.csat_total / per_branch.csat_responses
    truth = pd.read_csv(built_warehouse.truth_dir / "branches.csv", usecols=["branch_id", "sq"])
    return truth.merge(per_branch, on="branch_id", how="inner")


def test_enough_branches_to_rank(branch_scores):
    assert len(branch_scores) >= 10, branch_scores


@pytest.mark.parametrize("measure", ["nps", "csat"])
def test_planted_service_quality_ranks_branches(branch_scores, measure):
    scored = branch_scores.dropna(subset=[measure])
    rho = spearman(scored.sq, scored[measure])
    assert rho > MIN_RANK_CORRELATION, (
        f"Spearman(sq, {measure}) = {rho:.3f} over {len(scored)} branches\n"
        f"{scored.sort_values('sq').to_string()}"
    )


def test_nps_categories_add_up(monthly):
    categorised = monthly.promoters + monthly.passives + monthly.detractors
    assert (categorised == monthly.nps_responses).all()


def test_nps_within_bounds_and_null_only_without_responses(monthly):
    with_nps = monthly[monthly.nps_responses > 0]
    assert with_nps.nps.between(-100, 100).all()
    assert with_nps.nps_margin_of_error.ge(0).all()
    assert monthly[monthly.nps_responses == 0].nps.isna().all()


def test_low_sample_flag(monthly):
    threshold = 30  # var low_sample_threshold (default)
    assert (monthly.is_low_sample == (monthly.nps_responses < threshold)).all()


@pytest.mark.parametrize(
    "count_column",
    ["responses", "nps_responses", "promoters", "passives", "detractors", "csat_responses"],
)
def test_grand_total_equals_sum_of_detail_rows(monthly, count_column):
    detail = monthly[~monthly.is_all_branches & ~monthly.is_all_channels & ~monthly.is_all_tiers]
    total = monthly[monthly.is_all_branches & monthly.is_all_channels & monthly.is_all_tiers]
    detail_sum = detail.groupby("response_month")[count_column].sum()
    total_by_month = total.set_index("response_month")[count_column]
    pd.testing.assert_series_equal(
        detail_sum.sort_index(), total_by_month.sort_index(), check_names=False
    )


def test_rollup_markers_match_all_values(monthly):
    for flag, column in (
        ("is_all_branches", "branch_id"),
        ("is_all_channels", "channel"),
        ("is_all_tiers", "customer_tier"),
    ):
        assert (monthly[flag] == (monthly[column] == "ALL")).all(), flag


def test_fct_survey_responses_one_row_per_staged_response(built_warehouse):
    with built_warehouse.connect() as con:
        (n_staged,) = con.sql(
            "select count(*) from staging.stg_survey_responses__responses"
        ).fetchall()[0]
        n_fct, n_distinct = con.sql(
            "select count(*), count(distinct response_id) from marts.fct_survey_responses"
        ).fetchall()[0]
    assert n_fct == n_distinct == n_staged


def test_servqual_drivers_quadrants(built_warehouse):
    with built_warehouse.connect() as con:
        drivers = con.sql("select * from marts.mart_servqual_drivers").df()
    assert set(drivers.period_type) <= {"month", "quarter"}
    assert drivers.importance.dropna().between(-1, 1).all()
    assert drivers.groupby(["period_type", "period_start"]).dimension.count().le(5).all()
    assert set(drivers.quadrant.dropna()) <= {
        "concentrate here",
        "keep up the good work",
        "low priority",
        "possible overkill",
    }
