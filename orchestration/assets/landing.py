"""One Dagster asset per landing source: load its new files into raw.<source>."""

import dagster as dg

from orchestration.contract import load_contracts
from orchestration.ingestion import load_source
from orchestration.ingestion.loader import ensure_raw_layer
from orchestration.resources import RefreshLockResource, WarehouseResource
from orchestration.settings import LANDING_SOURCES

LANDING_GROUP = "landing"


def raw_asset_key(source: str) -> dg.AssetKey:
    return dg.AssetKey(["raw", source])


def build_landing_asset(source: str) -> dg.AssetsDefinition:
    @dg.asset(
        key=raw_asset_key(source),
        group_name=LANDING_GROUP,
        kinds={"duckdb"},
        description=(
            f"Every file of the landing folder '{source}/' loaded as text into raw.{source}, "
            "once per file checksum, with lineage columns. Fails, naming file, row and problem, "
            "when a file cannot be read; the other files still load."
        ),
    )
    def _landing_asset(
        context: dg.AssetExecutionContext,
        warehouse: WarehouseResource,
        refresh_lock: RefreshLockResource,
    ) -> dg.MaterializeResult:
        settings = warehouse.settings()
        contracts = load_contracts(settings.dbt_project_dir)
        with warehouse.connect() as con:
            ensure_raw_layer(con, list(contracts.values()))
            result = load_source(
                con,
                contracts[source],
                settings.landing_root,
                encoding=settings.encoding_for(source),
                log=context.log.info,
            )
            table_rows = con.execute(f'select count(*) from raw."{source}"').fetchone()[0]
        metadata = {
            "files_loaded": len(result.loaded),
            "files_skipped_already_loaded": len(result.skipped),
            "files_failed": len(result.failed),
            "rows_loaded": result.rows_loaded,
            "raw_table_rows": table_rows,
            "seconds": round(result.seconds, 2),
            "landing_folder": dg.MetadataValue.path(str(settings.landing_root / source)),
        }
        if result.failed:
            errors = "\n".join(f"- {file.error}" for file in result.failed)
            raise dg.Failure(
                description=f"{len(result.failed)} file(s) of '{source}' could not be loaded:\n"
                f"{errors}",
                metadata={**metadata, "errors": dg.MetadataValue.md(errors)},
            )
        return dg.MaterializeResult(metadata=metadata)

    return _landing_asset


landing_assets = [build_landing_asset(source) for source in LANDING_SOURCES]
