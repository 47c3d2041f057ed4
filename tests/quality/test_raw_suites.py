"""Raw suites: each passes on clean generated data and fails, naming the broken expectation,
on a file-level problem planted with SQL in a private copy of the raw warehouse."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from orchestration.quality.gx_runner import (
    load_suite_spec,
    local_timestamps,
    raw_suite_path,
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


def test_timestamps_with_offset_are_read_as_local_time():
    values = pd.Series(["2025-01-01T10:00:00+00:00", "2025-01-01T10:00:00", "not-a-date", None])
    result = local_timestamps(values, "Asia/Shanghai")
    assert result.iloc[0] == pd.Timestamp("2025-01-01T18:00:00")
    assert result.iloc[1] == pd.Timestamp("2025-01-01T10:00:00")
    assert result.iloc[2:].isna().all()


def test_future_check_uses_the_warehouse_local_now(raw_warehouse):
    """A timestamp 2 h ahead of local now is in the future; 2 h behind is not (Asia/Shanghai
    is UTC+8, so reading local times as UTC would get both wrong)."""
    now_local = pd.Timestamp.now(tz="Asia/Shanghai").tz_localize(None)
    ahead = (now_local + pd.Timedelta(hours=2)).isoformat(timespec="seconds")
    behind = (now_local - pd.Timedelta(hours=2)).isoformat(timespec="seconds")
    update = "update raw.survey_responses set responded_at = '{}'"
    assert not run_raw("survey_responses", raw_warehouse(update.format(ahead))).success
    assert run_raw("survey_responses", raw_warehouse(update.format(behind))).success
