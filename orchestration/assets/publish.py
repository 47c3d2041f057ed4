"""The published copy readers open: written at the end of a successful refresh only."""

import dagster as dg

from orchestration.assets.dbt import cx_dbt_assets
from orchestration.publish import PUBLISHED_SCHEMAS, publish_warehouse
from orchestration.resources import RefreshLockResource, WarehouseResource


@dg.asset(
    key=["published", "warehouse"],
    deps=[cx_dbt_assets],
    group_name="publish",
    kinds={"duckdb"},
    description=(
        "Read-only copy of the schemas "
        + ", ".join(PUBLISHED_SCHEMAS)
        + " for BI tools and analysts, swapped in atomically after every model and test of "
        "the refresh succeeded (a failed refresh never publishes). Path: CX_PUBLISHED_PATH."
    ),
)
def published_warehouse(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    refresh_lock: RefreshLockResource,
) -> dg.MaterializeResult:
    settings = warehouse.settings()
    publication = publish_warehouse(settings.duckdb_path, settings.published_path)
    context.log.info(f"published {len(publication.tables)} relations to {publication.path}")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(publication.path)),
            "relations": len(publication.tables),
            "rows": sum(publication.tables.values()),
            "published_at_utc": publication.published_at,
        }
    )
