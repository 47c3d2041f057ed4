"""Everything Dagster loads: assets, checks, jobs, schedule, sensor and resources.

Runs execute in one process: DuckDB takes one writer, so assets must not write in parallel.
"""

from __future__ import annotations

import dagster as dg
from dagster_dbt import DbtCliResource

from orchestration.assets.dbt import cx_dbt_assets
from orchestration.assets.landing import landing_assets
from orchestration.dbt_project import cx_dbt_project
from orchestration.jobs import daily_refresh_schedule, landing_files_sensor, refresh_warehouse_job
from orchestration.resources import WarehouseResource

defs = dg.Definitions(
    assets=[*landing_assets, cx_dbt_assets],
    jobs=[refresh_warehouse_job],
    schedules=[daily_refresh_schedule],
    sensors=[landing_files_sensor],
    resources={
        "dbt": DbtCliResource(project_dir=cx_dbt_project),
        "warehouse": WarehouseResource(),
    },
    executor=dg.in_process_executor,
)
