"""Great Expectations suites as Dagster asset checks.

- One blocking check per landing source on raw/<source> (suite expectations/raw/<source>.json).
  It runs right after the source is loaded and judges only the source's pending loads (files
  not yet accepted in raw._load_checks), one load at a time; when every one passes it records
  them as accepted, when any fails it records nothing and Dagster does not start the dbt step
  (see README, "Data-quality checks", for exactly what that stops).
- One check per file in expectations/marts/ on the dbt asset <schema>/<name> it names; it runs
  after `dbt build`. Blocking by default (meta.cx.blocking), so a failure stops the publish.
  A suite of an incremental mart judges the rows of the dbt runs it has not accepted yet and,
  when it passes, records those runs in raw._mart_checks (see gx_runner). A mart suite whose
  frames hold what it last passed on (same content fingerprint) passes without being judged
  again; a pass records the fingerprint in raw._mart_check_fingerprints.
"""

from pathlib import Path

import dagster as dg
import duckdb

from orchestration.quality.gx_runner import (
    EXPECTATIONS_DIR,
    SuiteRun,
    SuiteSpec,
    load_suite_spec,
    mart_suite_paths,
    raw_suite_path,
    record_accepted,
    reuses_passes,
    run_suite,
)
from orchestration.resources import RefreshLockResource, WarehouseResource
from orchestration.settings import LANDING_SOURCES, REPO_ROOT

CHECK_NAME = "great_expectations"


def _relative(path: Path) -> str:
    try:
        return path.relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def check_result_metadata(run: SuiteRun, accepted_loads: int = 0) -> dict[str, dg.MetadataValue]:
    """What a person needs to act on a failure: which expectations, what was seen, examples.
    Raw suites also show the loads judged (file, rows, passed) and how many were accepted;
    mart suites of new rows the dbt runs (invocation ids) whose rows they judged."""
    metadata = {
        "suite": dg.MetadataValue.path(_relative(run.spec.path)),
        "evaluated_expectations": dg.MetadataValue.int(run.evaluated_expectations),
        "failed_expectations": dg.MetadataValue.int(run.failed_expectations),
        "failing_expectations": dg.MetadataValue.md(run.failures_markdown()),
        "failures": dg.MetadataValue.json([outcome.as_dict() for outcome in run.failures]),
        "rows_validated": dg.MetadataValue.json(run.rows_by_frame),
        "seconds": dg.MetadataValue.float(round(run.seconds, 3)),
    }
    if run.per_load:
        metadata.update(
            {
                "judged_loads": dg.MetadataValue.int(len(run.loads)),
                "failed_loads": dg.MetadataValue.int(len(run.failed_loads)),
                "accepted_loads": dg.MetadataValue.int(accepted_loads),
                "loads": dg.MetadataValue.json([load.as_dict() for load in run.loads]),
                "max_rows_in_memory": dg.MetadataValue.json(run.max_rows_by_frame),
            }
        )
    if run.spec.judges_new_rows:
        metadata["judged_dbt_runs"] = dg.MetadataValue.json(run.invocations)
    if run.spec.source is None:
        metadata["unchanged_since_last_pass"] = dg.MetadataValue.bool(run.unchanged)
    return metadata


def build_suite_check(spec: SuiteSpec) -> dg.AssetChecksDefinition:
    """One asset check that runs one suite file against the warehouse of the run."""

    @dg.asset_check(
        asset=dg.AssetKey(list(spec.asset_key)),
        name=CHECK_NAME,
        description=spec.description or f"Great Expectations suite {_relative(spec.path)}",
        blocking=spec.blocking,
        additional_deps=[dg.AssetKey(list(dep)) for dep in spec.additional_deps],
        metadata={"suite": _relative(spec.path)},
    )
    def _suite_check(
        context: dg.AssetCheckExecutionContext,
        warehouse: WarehouseResource,
        refresh_lock: RefreshLockResource,
    ) -> dg.AssetCheckResult:
        accepted = 0
        if spec.source is not None or spec.judges_new_rows or reuses_passes(spec):
            # Raw checks record the loads they accept, mart checks the dbt runs and the
            # content fingerprint they passed on: a read-write connection. The check runs
            # inside the refresh job (refresh lock held; the in-process executor runs one step
            # at a time), so nothing else writes the warehouse meanwhile.
            with warehouse.connect() as con:
                run = run_suite(spec, con)
                accepted = record_accepted(con, run)
        else:
            settings = warehouse.settings()
            con = duckdb.connect(
                str(settings.duckdb_path), read_only=True, config=settings.duckdb_config
            )
            try:
                run = run_suite(spec, con)
            finally:
                con.close()
        context.log.info(f"{'.'.join(spec.asset_key)}: {run.summary()} in {run.seconds:.2f}s")
        return dg.AssetCheckResult(
            passed=run.success,
            severity=dg.AssetCheckSeverity.ERROR,
            description=run.summary(),
            metadata=check_result_metadata(run, accepted),
        )

    return _suite_check


def build_gx_checks(expectations_dir: Path = EXPECTATIONS_DIR) -> list[dg.AssetChecksDefinition]:
    """Every raw suite (one per landing source, all required) and every mart suite present."""
    specs = [
        load_suite_spec(raw_suite_path(source, expectations_dir)) for source in LANDING_SOURCES
    ]
    specs += [load_suite_spec(path) for path in mart_suite_paths(expectations_dir)]
    return [build_suite_check(spec) for spec in specs]


gx_asset_checks = build_gx_checks()
