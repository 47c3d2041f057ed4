"""The dbt project as Dagster assets: `dbt build` with dbt tests as asset checks."""

import os
from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from orchestration.dbt_project import REFRESH_BUILD_ARGS, cx_dbt_project, ensure_manifest
from orchestration.resources import RefreshLockResource, WarehouseResource
from orchestration.settings import LANDING_SOURCES


class CxDbtTranslator(DagsterDbtTranslator):
    """Keys as <schema>/<name>; landing sources map onto the ingestion assets raw/<source>."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        name = dbt_resource_props["name"]
        if dbt_resource_props["resource_type"] == "source":
            source = dbt_resource_props["source_name"]
            if source in LANDING_SOURCES:
                return dg.AssetKey(["raw", source])
            return dg.AssetKey(["raw", dbt_resource_props.get("identifier") or name])
        schema = dbt_resource_props.get("config", {}).get("schema") or "main"
        return dg.AssetKey([schema, name])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        fqn = dbt_resource_props.get("fqn") or []
        if dbt_resource_props["resource_type"] == "seed":
            return "reference"
        return fqn[1] if len(fqn) > 2 else "dbt"


ensure_manifest(cx_dbt_project)


@dbt_assets(
    manifest=cx_dbt_project.manifest_path,
    project=cx_dbt_project,
    dagster_dbt_translator=CxDbtTranslator(),
)
def cx_dbt_assets(
    context: dg.AssetExecutionContext,
    dbt: DbtCliResource,
    warehouse: WarehouseResource,
    refresh_lock: RefreshLockResource,
):
    """Build the selected models, seeds and data tests against the warehouse file."""
    os.environ["CX_DUCKDB_PATH"] = str(warehouse.settings().duckdb_path)
    yield from dbt.cli(list(REFRESH_BUILD_ARGS), context=context).stream()
