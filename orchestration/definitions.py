"""Everything Dagster loads: assets, checks, jobs, schedule, sensor and resources.

Runs execute in one process: DuckDB takes one writer, so assets must not write in parallel.
"""

from __future__ import annotations

import dagster as dg
from dagster_dbt import DbtCliResource

from orchestration.assets.checks import gx_asset_checks
from orchestration.assets.dbt import cx_dbt_assets
from orchestration.assets.landing import landing_assets
from orchestration.assets.pack import management_pack
from orchestration.assets.publish import published_warehouse
from orchestration.dbt_project import cx_dbt_project, dbt_executable
from orchestration.jobs import (
    daily_refresh_schedule,
    landing_files_sensor,
    management_pack_job,
    monthly_pack_schedule,
    refresh_warehouse_job,
)
from orchestration.resources import RefreshLockResource, WarehouseResource

defs = dg.Definitions(
    assets=[*landing_assets, cx_dbt_assets, published_warehouse, management_pack],
    asset_checks=gx_asset_checks,
    jobs=[refresh_warehouse_job, management_pack_job],
    schedules=[daily_refresh_schedule, monthly_pack_schedule],
    sensors=[landing_files_sensor],
    resources={
        "dbt": DbtCliResource(project_dir=cx_dbt_project, dbt_executable=dbt_executable()),
        "warehouse": WarehouseResource(),
        "refresh_lock": RefreshLockResource(),
    },
    executor=dg.in_process_executor,
)
