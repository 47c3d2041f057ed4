"""The Dagster definitions load, wire landing assets to dbt sources, and the sensor reacts."""

from __future__ import annotations

import dagster as dg

from orchestration.definitions import defs
from orchestration.jobs import landing_files_sensor
from orchestration.settings import LANDING_SOURCES


def test_definitions_load_with_job_schedule_and_sensor():
    dg.Definitions.validate_loadable(defs)
    assert defs.resolve_job_def("refresh_warehouse") is not None
    assert defs.resolve_schedule_def("daily_refresh").cron_schedule == "0 6 * * *"
    assert defs.resolve_sensor_def("landing_files_sensor") is not None


def test_staging_models_depend_on_their_landing_assets():
    graph = defs.resolve_asset_graph()
    for source in LANDING_SOURCES:
        raw_key = dg.AssetKey(["raw", source])
        assert graph.has(raw_key) and graph.get(raw_key).is_materializable
        children = {key.path[-1] for key in graph.get(raw_key).child_keys}
        assert any(name.startswith("base_") or name.startswith("stg_") for name in children), (
            source,
            children,
        )
    marts = {key.path[-1] for key in graph.get_all_asset_keys() if key.path[0] == "marts"}
    assert {"dim_customers", "dim_branches", "dim_employees", "dim_date", "fct_transactions"} <= (
        marts
    )


def test_dbt_tests_are_asset_checks():
    checks = list(defs.resolve_asset_graph().asset_check_keys)
    assert any(check.asset_key.path[-1] == "stg_customers__customers" for check in checks)


def test_sensor_requests_a_run_only_for_new_or_changed_files(tmp_path, monkeypatch):
    landing = tmp_path / "landing"
    (landing / "customers").mkdir(parents=True)
    monkeypatch.setenv("CX_LANDING_ROOT", str(landing))
    first = landing_files_sensor(dg.build_sensor_context())
    assert isinstance(first, dg.SkipReason)

    (landing / "customers" / "customers.csv").write_text("customer_id\nC1\n", encoding="utf-8")
    context = dg.build_sensor_context()
    request = landing_files_sensor(context)
    assert isinstance(request, dg.RunRequest)

    unchanged = landing_files_sensor(dg.build_sensor_context(cursor=context.cursor))
    assert isinstance(unchanged, dg.SkipReason)

    (landing / "customers" / "ignored.xlsx").write_text("x", encoding="utf-8")
    still_unchanged = landing_files_sensor(dg.build_sensor_context(cursor=context.cursor))
    assert isinstance(still_unchanged, dg.SkipReason)


def test_publish_waits_for_every_mart():
    graph = defs.resolve_asset_graph()
    published = dg.AssetKey(["published", "warehouse"])
    parents = graph.get(published).parent_keys
    marts = {key for key in graph.get_all_asset_keys() if key.path[0] == "marts"}
    assert marts and marts <= parents
    job_keys = defs.resolve_job_def("refresh_warehouse").asset_layer.selected_asset_keys
    assert published in job_keys
