"""The monthly management pack as a partitioned asset, read from the published copy."""

import dagster as dg

from orchestration.assets.publish import published_warehouse
from orchestration.pack import LANGUAGES, PackError, build_pack, default_pack_dir
from orchestration.resources import WarehouseResource

# One partition per month (keys YYYY-MM); the sample data starts in 2025-01.
monthly_partitions = dg.MonthlyPartitionsDefinition(
    start_date="2024-01", fmt="%Y-%m", timezone="Asia/Shanghai"
)


@dg.asset(
    key=["pack", "management_pack"],
    deps=[published_warehouse],
    group_name="pack",
    partitions_def=monthly_partitions,
    kinds={"html", "excel"},
    description=(
        "Monthly management pack for the partition's month: a self-contained HTML report "
        "(KPI scorecard with targets and RAG status, 13-month trends, segment migration, "
        "complaints and SLA, closed-loop funnel, SERVQUAL driver quadrant, service-profit "
        "chain links, branch league table) and the same tables as an Excel workbook, in "
        "English and Chinese, written to packs/ beside the published copy."
    ),
)
def management_pack(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    settings = warehouse.settings()
    month = context.partition_key
    out = default_pack_dir(settings)
    written = {}
    try:
        for lang in LANGUAGES:
            files = build_pack(settings.published_path, month, lang=lang, out=out)
            written[f"html_{lang}"] = dg.MetadataValue.path(str(files.html))
            written[f"workbook_{lang}"] = dg.MetadataValue.path(str(files.workbook))
            context.log.info(f"wrote {files.html} and {files.workbook}")
    except PackError as error:
        raise dg.Failure(description=str(error)) from error
    return dg.MaterializeResult(metadata={"month": month, **written})
