"""The pack from the command line and as the Dagster asset pack/management_pack."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import dagster as dg
import pytest

from orchestration.definitions import defs
from tests.pack.conftest import run_cli

PACK = dg.AssetKey(["pack", "management_pack"])


def test_pack_asset_is_monthly_downstream_of_the_publish_in_its_own_job():
    graph = defs.resolve_asset_graph()
    node = graph.get(PACK)
    assert node.group_name == "pack"
    assert dg.AssetKey(["published", "warehouse"]) in node.parent_keys
    assert isinstance(node.partitions_def, dg.MonthlyPartitionsDefinition)
    pack_job = defs.resolve_job_def("management_pack")
    assert pack_job.asset_layer.selected_asset_keys == {PACK}
    refresh_keys = defs.resolve_job_def("refresh_warehouse").asset_layer.selected_asset_keys
    assert PACK not in refresh_keys
    assert dg.AssetKey(["published", "warehouse"]) in refresh_keys
    # every other asset still runs in the refresh
    others = {key for key in graph.get_all_asset_keys() if graph.get(key).is_materializable}
    assert others - {PACK} <= refresh_keys


@pytest.mark.slow
def test_management_pack_job_writes_both_languages_for_its_partition(
    published_path, pack_month, tmp_path
):
    partition = f"{pack_month:%Y-%m}"
    with dg.DagsterInstance.ephemeral() as instance:
        result = defs.resolve_job_def("management_pack").execute_in_process(
            instance=instance, partition_key=partition, raise_on_error=False
        )
    assert result.success
    (materialization,) = result.asset_materializations_for_node("pack__management_pack")
    metadata = materialization.metadata
    assert metadata["month"].value == partition
    for lang in ("en", "zh"):
        for kind, suffix in (("html", ".html"), ("workbook", ".xlsx")):
            path = metadata[f"{kind}_{lang}"].value
            assert path.endswith(f"cx_management_pack_{partition}_{lang}{suffix}")
            assert published_path.parent.joinpath("packs", path.split("/")[-1]).stat().st_size


@pytest.mark.slow
def test_pack_job_fails_for_a_month_without_data(published_path):
    with dg.DagsterInstance.ephemeral() as instance:
        result = defs.resolve_job_def("management_pack").execute_in_process(
            instance=instance, partition_key="2024-01", raise_on_error=False
        )
    assert not result.success


@pytest.mark.slow
def test_cli_pack_takes_a_month_and_rejects_a_bad_one(published_path, pack_month, tmp_path):
    earlier = (pack_month - dt.timedelta(days=1)).replace(day=1)
    code, printed = run_cli(
        ["pack", "--month", f"{earlier:%Y-%m}", "--lang", "zh", "--out", str(tmp_path)]
    )
    assert code == 0
    assert printed.split() == [
        str(tmp_path / f"cx_management_pack_{earlier:%Y-%m}_zh.html"),
        str(tmp_path / f"cx_management_pack_{earlier:%Y-%m}_zh.xlsx"),
    ]
    code, printed = run_cli(["pack", "--month", "2025-13", "--out", str(tmp_path)])
    assert code == 1 and "YYYY-MM" in printed
    code, printed = run_cli(["pack", "--month", "1999-01", "--out", str(tmp_path)])
    assert code == 1 and "no data for 1999-01" in printed


def test_default_month_is_the_latest_complete_one(packs, pack_month):
    assert packs["en"].html.name == f"cx_management_pack_{pack_month:%Y-%m}_en.html"


def test_monthly_schedule_asks_for_the_month_just_ended():
    schedule = defs.resolve_schedule_def("monthly_management_pack")
    assert schedule.cron_schedule == "0 9 2 * *"
    assert schedule.execution_timezone == "Asia/Shanghai"
    when = dt.datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with dg.DagsterInstance.ephemeral() as instance:
        context = dg.build_schedule_context(instance=instance, scheduled_execution_time=when)
        data = schedule.evaluate_tick(context)
    (request,) = data.run_requests
    assert request.partition_key == "2026-02"
