"""Suites as Dagster asset checks: wiring, blocking and the metadata a failure shows."""

from __future__ import annotations

import json

import dagster as dg
import duckdb
import pytest
from dagster._core.definitions.dependency import BlockingAssetChecksDependencyDefinition

from orchestration.assets.checks import CHECK_NAME, build_suite_check, gx_asset_checks
from orchestration.quality.gx_runner import (
    EXPECTATIONS_DIR,
    SuiteError,
    load_suite_spec,
    mart_suite_paths,
    raw_suite_path,
    validate_frames,
)
from orchestration.resources import RefreshLockResource, WarehouseResource
from orchestration.settings import LANDING_SOURCES

ALL_SUITES = sorted(EXPECTATIONS_DIR.glob("*/*.json"))


@pytest.mark.parametrize("path", ALL_SUITES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_expectation_of_every_suite_builds_in_gx(path):
    """GX drops an expectation it cannot build with only a log line; the suite must not."""
    import great_expectations as gx

    spec = load_suite_spec(path)
    suite = gx.ExpectationSuite(name=spec.name, expectations=list(spec.expectations))
    assert len(suite.expectations) == len(spec.expectations)
    if path.parent.name == "raw":
        assert spec.asset_key == ("raw", path.stem)


def test_an_unknown_expectation_is_an_error_not_a_silent_drop(tmp_path):
    document = json.loads(raw_suite_path("branches").read_text(encoding="utf-8"))
    document["expectations"].append({"type": "expect_column_to_be_lovely", "kwargs": {}})
    path = tmp_path / "branches.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    spec = load_suite_spec(path)
    with pytest.raises(SuiteError, match="expect_column_to_be_lovely"):
        import pandas as pd

        validate_frames(spec, {"main": pd.DataFrame({"branch_id": ["B1"]})})


def test_one_blocking_raw_check_per_source_and_mart_checks_on_dbt_assets():
    from orchestration.definitions import defs

    graph = defs.resolve_asset_graph()
    check_keys = {key for key in graph.asset_check_keys if key.name == CHECK_NAME}
    raw_keys = {dg.AssetKey(["raw", source]) for source in LANDING_SOURCES}
    assert {key.asset_key for key in check_keys if key.asset_key.path[0] == "raw"} == raw_keys
    mart_keys = {dg.AssetKey(list(load_suite_spec(p).asset_key)) for p in mart_suite_paths()}
    assert len(mart_keys) >= 5
    for key in mart_keys:
        assert graph.has(key) and graph.get(key).is_materializable, key
        assert dg.AssetCheckKey(key, CHECK_NAME) in check_keys
    for check in gx_asset_checks:
        for spec in check.check_specs:
            assert spec.blocking, spec.key
    job = defs.resolve_job_def("refresh_warehouse")
    assert check_keys <= set(job.asset_layer.asset_graph.asset_check_keys)

    # blocking is wired as step dependencies: dbt waits on the raw checks, publish on the marts'
    def check_nodes_before(node_name: str) -> set[str]:
        (deps,) = [d for n, d in job.graph.dependencies.items() if n.name == node_name]
        return {
            upstream.node
            for dep in deps.values()
            if isinstance(dep, BlockingAssetChecksDependencyDefinition)
            for upstream in dep.asset_check_dependencies
            if upstream.node.endswith(CHECK_NAME)
        }

    assert check_nodes_before("cx_dbt_assets") == {
        f"raw__{source}_{CHECK_NAME}" for source in LANDING_SOURCES
    }
    assert {f"{key.to_python_identifier()}_{CHECK_NAME}" for key in mart_keys} <= (
        check_nodes_before("published__warehouse")
    )


def _mini_defs(warehouse_path, check):
    """raw/customers and raw/transactions as no-op assets, the real check, one asset below."""

    @dg.asset(key=["raw", "customers"])
    def raw_customers() -> None:
        return None

    @dg.asset(key=["raw", "transactions"])
    def raw_transactions() -> None:
        return None

    @dg.asset(key=["staging", "stg_transactions"], deps=[raw_transactions])
    def staged() -> None:
        return None

    return [raw_customers, raw_transactions, staged, check], {
        "warehouse": WarehouseResource(duckdb_path=str(warehouse_path)),
        "refresh_lock": RefreshLockResource(),
    }


@pytest.mark.parametrize("bad", [False, True])
def test_a_failing_raw_check_blocks_what_is_downstream(bad, raw_warehouse, monkeypatch):
    sql = "update raw.transactions set occurred_at = '2099-01-01T00:00:00'"
    path = raw_warehouse(sql) if bad else raw_warehouse()
    monkeypatch.setenv("CX_DUCKDB_PATH", str(path))
    check = build_suite_check(load_suite_spec(raw_suite_path("transactions")))
    assets, resources = _mini_defs(path, check)
    result = dg.materialize(assets, resources=resources, raise_on_error=False)

    (evaluation,) = result.get_asset_check_evaluations()
    materialized = {event.asset_key for event in result.get_asset_materialization_events()}
    staged = dg.AssetKey(["staging", "stg_transactions"])
    assert evaluation.passed is not bad
    assert result.success is not bad
    assert (staged in materialized) is not bad  # blocked exactly when the check failed

    metadata = evaluation.metadata
    assert metadata["suite"].value == "expectations/raw/transactions.json"
    assert metadata["evaluated_expectations"].value >= 10
    # every load is pending in a freshly loaded warehouse: each delivered file is judged
    loads = {load["load_id"]: load for load in metadata["loads"].value}
    assert metadata["judged_loads"].value == len(loads) >= 2
    assert sum(load["rows"] for load in loads.values()) == metadata["rows_validated"].value["main"]
    assert metadata["max_rows_in_memory"].value["main"] == max(
        load["rows"] for load in loads.values()
    )
    with duckdb.connect(str(path), read_only=True) as con:
        accepted = con.execute(
            "select load_id from raw._load_checks where source_name = 'transactions'"
        ).fetchall()
    if bad:
        assert metadata["failed_expectations"].value == 1
        table = metadata["failing_expectations"].value
        assert "occurred_at" in table and "2099-01-01" in table and "now=" in table
        # one failure per delivered file (all of them are dated 2099), each naming its file
        failures = metadata["failures"].value
        assert metadata["failed_loads"].value == len(loads)
        assert sorted(failure["load_id"] for failure in failures) == sorted(loads)
        for failure in failures:
            load = loads[failure["load_id"]]
            assert failure["target"] == "occurred_at"
            assert failure["source_file"] == load["source_file"]
            assert failure["source_file"] in table
            assert failure["observed"].startswith(f"{load['rows']} of")
            assert failure["samples"][0]["_source_file"] == load["source_file"]
        assert metadata["accepted_loads"].value == 0 and accepted == []  # nothing recorded
    else:
        assert metadata["failed_expectations"].value == 0
        assert metadata["failed_loads"].value == 0
        assert metadata["accepted_loads"].value == len(loads)
        assert sorted(row[0] for row in accepted) == sorted(loads)
