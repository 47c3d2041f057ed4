"""Loyalty segments on generated data: planted churn, invariants, incremental = full refresh."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from orchestration.dbt_command import dbt_executable
from orchestration.settings import REPO_ROOT
from tests.conftest import BuiltWarehouse, differing_rows, run_refresh_job

pytestmark = pytest.mark.slow

# the models incremental by month (macro incremental_month_filter)
MONTHLY_INCREMENTAL_MODELS = (
    "intermediate.int_customer_activity_monthly",
    "marts.mart_loyalty_segments",
    "intermediate.int_customer_value_monthly",
    "marts.mart_customer_value_monthly",
    "intermediate.int_branch_retention_monthly",
)
CHURN_HORIZON_MONTHS = 3
MIN_CHURN_RATIO = 3.0


@pytest.fixture(scope="module")
def segments(built_warehouse: BuiltWarehouse) -> pd.DataFrame:
    with built_warehouse.connect() as con:
        return con.sql("select * from marts.mart_loyalty_segments").df()


def test_churners_are_in_at_risk_or_cold_before_they_leave(built_warehouse, segments):
    """Customers who churn (planted truth) in the next 3 months are >= 3x as frequent in
    at_risk + cold as in stable."""
    truth = pd.read_csv(built_warehouse.truth_dir / "customers.csv")
    churn_start = pd.to_datetime(truth.churn_month + "-01", errors="coerce")
    frame = segments.merge(
        truth[["customer_id"]].assign(churn_start=churn_start), on="customer_id", how="left"
    )
    month_end = pd.to_datetime(frame.month_end_date)
    horizon_end = month_end + pd.offsets.MonthEnd(CHURN_HORIZON_MONTHS)
    frame = frame.assign(
        churns_soon=(frame.churn_start > month_end) & (frame.churn_start <= horizon_end)
    )
    # only month ends whose whole horizon is inside the data
    frame = frame[horizon_end <= month_end.max()]
    flagged = frame.segment.isin(["at_risk", "cold"])
    rate_flagged = frame.loc[flagged, "churns_soon"].mean()
    rate_stable = frame.loc[~flagged, "churns_soon"].mean()
    churners = int(frame.churns_soon.sum())
    assert churners >= 30, f"too few planted churn events to judge: {churners}"
    assert rate_flagged >= MIN_CHURN_RATIO * rate_stable, (
        f"churn within {CHURN_HORIZON_MONTHS} months: at_risk+cold {rate_flagged:.4f}, "
        f"stable {rate_stable:.4f} ({churners} churners)"
    )


def test_segments_follow_rule_precedence(segments):
    cold = segments.is_rule_no_recent_activity
    rule_columns = [c for c in segments.columns if c.startswith("is_rule_")]
    at_risk_rules = [c for c in rule_columns if c != "is_rule_no_recent_activity"]
    any_at_risk = segments[at_risk_rules].any(axis=1)
    expected = pd.Series("stable", index=segments.index)
    expected[any_at_risk] = "at_risk"
    expected[cold] = "cold"
    assert (segments.segment == expected).all()
    listed = segments.segment_reasons.fillna("").str.split(",")
    fired = segments[rule_columns].apply(
        lambda row: [c.removeprefix("is_rule_") for c in rule_columns if row[c]], axis=1
    )
    assert (listed.apply(lambda r: [x for x in r if x]) == fired).all()
    assert set(segments.segment) == {"stable", "at_risk", "cold"}


def test_segments_cover_every_open_customer_each_month(built_warehouse, segments):
    with built_warehouse.connect() as con:
        customers = con.sql(
            "select customer_id, customer_since, closed_on from marts.dim_customers"
        ).df()
    for month_end in sorted(segments.month_end_date.unique())[-3:]:
        month_end = pd.Timestamp(month_end)
        open_ids = customers[
            (pd.to_datetime(customers.customer_since) <= month_end)
            & (customers.closed_on.isna() | (pd.to_datetime(customers.closed_on) > month_end))
        ].customer_id
        in_month = segments[pd.to_datetime(segments.month_end_date) == month_end].customer_id
        assert set(in_month) == set(open_ids), month_end


def test_segment_shares_and_migration_add_up(built_warehouse, segments):
    with built_warehouse.connect() as con:
        monthly = con.sql("select * from marts.mart_segments_monthly").df()
        migration = con.sql("select * from marts.mart_segment_migration").df()
    totals = monthly[monthly.is_all_branches & monthly.is_all_tiers]
    shares = totals.stable_share + totals.at_risk_share + totals.cold_share
    assert shares.sub(1).abs().max() < 1e-9
    per_month = segments.groupby("month_start").size()
    assert totals.set_index("month_start").customers.reindex(per_month.index).tolist() == (
        per_month.tolist()
    )
    rates = migration[migration.is_all_branches].groupby(["month_start", "from_segment"])
    assert rates.migration_rate.sum().sub(1).abs().max() < 1e-9
    assert "churned" in set(migration.to_segment)
    # everyone at the end of a month is somewhere (or churned) at the end of the next one
    first_month = segments.month_start.min()
    stayers = migration[migration.is_all_branches & (migration.from_segment != "new")]
    moved = stayers.groupby("month_start").customers.sum()
    previous = segments.groupby("month_start").size().shift(1).dropna().astype(int)
    assert moved.tolist() == previous.loc[previous.index > first_month].tolist()


def _landing_through(source_root: Path, target_root: Path, last_month: str | None) -> None:
    """Copy the landing files of months up to last_month (YYYY-MM); files without a month
    in their name (branches, customers, employees) always."""
    for path in sorted(source_root.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        stem = path.name.split(".")[0]
        month = stem.rsplit("_", 1)[-1] if "_" in stem else None
        is_monthly = month is not None and len(month) == 7 and month[4] == "-"
        if last_month is None or not is_monthly or month <= last_month:
            destination = target_root / path.relative_to(source_root)
            destination.parent.mkdir(parents=True, exist_ok=True)
            if not destination.exists():
                shutil.copy2(path, destination)


def test_incremental_refresh_equals_full_build(built_warehouse, tmp_path):
    """Build on all but the last two months of data, land those and refresh again
    (incremental: appends the new month ends), then compare with the session
    warehouse, built from scratch on the same files."""
    months = sorted(
        {
            p.stem.rsplit("_", 1)[-1]
            for p in (built_warehouse.landing_root / "transactions").iterdir()
        }
    )
    landing, warehouse = tmp_path / "landing", tmp_path / "staged.duckdb"
    _landing_through(built_warehouse.landing_root, landing, months[-3])
    assert run_refresh_job(landing, warehouse).success
    with duckdb.connect(str(warehouse), read_only=True) as con:
        first_months = con.sql(
            "select count(distinct month_end_date) from marts.mart_loyalty_segments"
        ).fetchall()[0][0]
    _landing_through(built_warehouse.landing_root, landing, None)
    assert run_refresh_job(landing, warehouse).success

    with duckdb.connect(str(warehouse), read_only=True) as con:
        con.execute(f"attach '{built_warehouse.duckdb_path}' as full_build (read_only)")
        for relation in MONTHLY_INCREMENTAL_MODELS:
            total = con.sql(f"select count(*) from {relation}").fetchall()[0][0]
            assert differing_rows(con, relation, f"full_build.{relation}") == 0, relation
            assert total > 0
        last_months = con.sql(
            "select count(distinct month_end_date) from marts.mart_loyalty_segments"
        ).fetchall()[0][0]
        # _invocation_id: the second run wrote the 2 new month ends only (no row it landed
        # falls in an earlier month, so no stored month end changed), the first run every
        # other month end (what the second run's key tests read)
        months_by_run = con.sql(
            "select _invocation_id, count(distinct month_end_date), max(month_end_date) "
            "from marts.mart_loyalty_segments group by _invocation_id order by 3"
        ).fetchall()
    assert last_months == first_months + 2
    assert [months for _, months, _ in months_by_run] == [first_months, 2]


KEY_TEST = "test.cx_warehouse.unique_combination_of_columns_mart_loyalty_segments"
ORPHAN_TEST = "test.cx_warehouse.relationships_fct_transactions_customer_id__customer_id__ref_dim"
FIRST_MONTH_END = "(select min(month_end_date) from marts.mart_loyalty_segments)"


def _key_test_result(target: Path, test: str = KEY_TEST) -> dict:
    """A data test (mart_loyalty_segments' key test unless `test` names another by the start
    of its unique_id) in the run_results.json of a dbt command run into `target`."""
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))["results"]
    return next(result for result in results if result["unique_id"].startswith(test))


def _key_test_sql(target: Path, test: str = KEY_TEST) -> str:
    """The SQL that the test ran in the dbt command run into `target`."""
    return _key_test_result(target, test)["compiled_code"]


def _key_test_status(
    command: list[str],
    warehouse: Path,
    target: Path,
    select: str = "mart_loyalty_segments",
    test: str = KEY_TEST,
) -> str:
    """Status of the test in a dbt command on the models `select` run on `warehouse`."""
    subprocess.run(
        [
            dbt_executable(),
            *command,
            *("--select", select, "--quiet", "--target-path", str(target)),
        ],
        cwd=REPO_ROOT,
        env={**os.environ, "CX_DUCKDB_PATH": str(warehouse)},
        capture_output=True,
        text=True,
    )
    return _key_test_result(target, test)["status"]


def _warehouse_copy(built_warehouse: BuiltWarehouse, tmp_path: Path, *statements: str) -> Path:
    """A copy of the built warehouse in `tmp_path`, with `statements` run on it."""
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy2(built_warehouse.duckdb_path, warehouse)
    with duckdb.connect(str(warehouse)) as con:
        for statement in statements:
            con.execute(statement)
    return warehouse


def _orphans_found(command: list[str], warehouse: Path, target: Path) -> int:
    """Failing rows of fct_transactions' orphan-customer test in a dbt command on
    fct_transactions run on `warehouse`."""
    _key_test_status(command, warehouse, target, select="fct_transactions", test=ORPHAN_TEST)
    return _key_test_result(target, ORPHAN_TEST)["failures"]


def test_orphan_tests_of_a_build_read_this_runs_rows_and_the_last_runs_orphans(
    built_warehouse, tmp_path
):
    """fct_transactions' orphan-customer test (warn, store_failures) on an incremental build
    reads the rows the build wrote and those whose key failed the test's last run. An orphan
    planted in rows an earlier run wrote is not read by the build; `dbt test` reads every row,
    finds it and stores it; the next build reads it again through those stored failures, so
    it is still reported rather than dropped from dq_test_failures. (The sample data holds
    orphans of its own, which every run finds.)"""
    warehouse = _warehouse_copy(
        built_warehouse,
        tmp_path,
        "insert into marts.fct_transactions select * replace ("
        "'ORPHAN-' || transaction_id as transaction_id, 'C-ORPHAN' as customer_id) "
        "from marts.fct_transactions limit 1",
    )
    before = _orphans_found(["build"], warehouse, tmp_path / "first")
    first = _key_test_sql(tmp_path / "first", ORPHAN_TEST)
    assert "_written_at > cast('" in first and "C-ORPHAN" not in first
    assert _orphans_found(["test"], warehouse, tmp_path / "test") == before + 1
    assert _orphans_found(["build"], warehouse, tmp_path / "again") == before + 1
    assert "'C-ORPHAN'" in _key_test_sql(tmp_path / "again", ORPHAN_TEST)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        stored = con.execute(
            "select table_name from duckdb_tables() where schema_name = 'dq_test_failures' "
            "and table_name like 'relationships_fct_transactions_%'"
        ).fetchall()
        kept = {
            value
            for (name,) in stored
            for (value,) in con.execute(
                f'select from_field from dq_test_failures."{name}"'
            ).fetchall()
        }
    assert "C-ORPHAN" in kept


def test_key_tests_of_a_build_read_the_partitions_it_rebuilt(built_warehouse, tmp_path):
    """A duplicate planted in a month end an incremental build does not rebuild, stamped as
    written by the run that built the warehouse (whose key test passed): the build's key test
    (where __rows_not_yet_passed__) reads only the month ends written since and passes;
    `dbt test` on its own did not build the model, so it reads every row and fails."""
    warehouse = _warehouse_copy(
        built_warehouse,
        tmp_path,
        "insert into marts.mart_loyalty_segments select * from marts.mart_loyalty_segments "
        f"where month_end_date = {FIRST_MONTH_END} limit 1",
    )
    assert _key_test_status(["build"], warehouse, tmp_path / "build") == "pass"
    assert "_written_at > cast('" in _key_test_sql(tmp_path / "build")
    assert _key_test_status(["test"], warehouse, tmp_path / "test") == "fail"


def test_key_tests_of_a_build_read_again_the_rows_of_a_run_whose_test_did_not_pass(
    built_warehouse, tmp_path
):
    """A month end rewritten, with a duplicate, by a run whose key test did not pass (a
    refresh that stopped: its rows are stamped after the test's last pass, with another run's
    id): the next build's key test reads that month end, though the build did not write it,
    and fails; and fails again on the build after, as no pass was recorded in between."""
    warehouse = _warehouse_copy(
        built_warehouse,
        tmp_path,
        "insert into marts.mart_loyalty_segments select * from marts.mart_loyalty_segments "
        f"where month_end_date = {FIRST_MONTH_END} limit 1",
        "update marts.mart_loyalty_segments set _invocation_id = 'a-run-that-stopped', "
        f"_written_at = timezone('UTC', now()) where month_end_date = {FIRST_MONTH_END}",
    )
    assert _key_test_status(["build"], warehouse, tmp_path / "first") == "fail"
    assert "_written_at > cast('" in _key_test_sql(tmp_path / "first")
    assert _key_test_status(["build"], warehouse, tmp_path / "again") == "fail"


def test_key_tests_of_a_full_build_read_the_table_without_a_filter(built_warehouse, tmp_path):
    """Where the build wrote every row (--full-refresh), the key test reads the table itself:
    the filter on this run's rows would keep every row, at the cost of a second read. (The
    test of the same SQL failing on a duplicate: `dbt test` in
    test_key_tests_of_a_build_read_the_partitions_it_rebuilt.)"""
    warehouse = _warehouse_copy(built_warehouse, tmp_path)
    target = tmp_path / "full"
    assert _key_test_status(["build", "--full-refresh"], warehouse, target) == "pass"
    sql = _key_test_sql(target)
    assert "_invocation_id" not in sql and "_written_at" not in sql
    assert "mart_loyalty_segments" in sql
