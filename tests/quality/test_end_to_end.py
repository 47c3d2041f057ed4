"""Through the refresh job: checks pass on clean generated data; a bad raw source blocks dbt."""

from __future__ import annotations

import csv

import dagster as dg
import duckdb
import pytest

from orchestration.assets.checks import CHECK_NAME
from orchestration.settings import LANDING_SOURCES
from tests.conftest import run_refresh_job

pytestmark = pytest.mark.slow


def gx_check_keys(defs) -> set[dg.AssetCheckKey]:
    graph = defs.resolve_asset_graph()
    return {key for key in graph.asset_check_keys if key.name == CHECK_NAME}


def test_gx_checks_pass_on_the_clean_generated_warehouse(built_warehouse, monkeypatch):
    """built_warehouse ran the whole job, blocking raw checks included, and asserted success;
    here the job's GX check steps run again on that warehouse to show each one passed."""
    monkeypatch.setenv("CX_LANDING_ROOT", str(built_warehouse.landing_root))
    monkeypatch.setenv("CX_DUCKDB_PATH", str(built_warehouse.duckdb_path))
    from orchestration.definitions import defs

    keys = gx_check_keys(defs)
    job = defs.resolve_job_def("refresh_warehouse").get_subset(asset_check_selection=keys)
    with dg.DagsterInstance.ephemeral() as instance:
        result = job.execute_in_process(instance=instance, raise_on_error=False)
    evaluations = {
        dg.AssetCheckKey(e.asset_key, e.check_name): e for e in result.get_asset_check_evaluations()
    }
    assert set(evaluations) == keys
    failing = {
        key.asset_key.to_user_string(): e.metadata["failing_expectations"].value
        for key, e in evaluations.items()
        if not e.passed
    }
    assert not failing, failing
    assert result.success
    assert not result.get_asset_materialization_events()  # checks only: nothing rebuilt
    # the refresh accepted every load its raw checks judged: nothing is new this time
    judged = {
        key.asset_key.path[1]: e.metadata["judged_loads"].value
        for key, e in evaluations.items()
        if key.asset_key.path[0] == "raw"
    }
    assert judged == dict.fromkeys(LANDING_SOURCES, 0)
    with duckdb.connect(str(built_warehouse.duckdb_path), read_only=True) as con:
        unaccepted = con.execute(
            "select count(*) from raw._load_manifest m left join raw._load_checks c "
            "using (source_name, load_id) where c.load_id is null"
        ).fetchone()[0]
    assert unaccepted == 0


def test_a_bad_raw_source_blocks_the_dbt_build(tmp_path, monkeypatch):
    """Transactions dated in 2099: raw/transactions fails its blocking check, the other raw
    checks pass, and the dbt step (one step for every model) and the publish never run."""
    from orchestration.generator import generate

    landing = tmp_path / "landing"
    generate(out=landing, truth=tmp_path / "truth", customers=80, months=3, seed=5)
    for path in sorted((landing / "transactions").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        for row in rows:
            row["occurred_at"] = "2099" + row["occurred_at"][4:]
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    monkeypatch.setenv("CX_LANDING_ROOT", str(landing))
    monkeypatch.setenv("CX_DUCKDB_PATH", str(tmp_path / "cx.duckdb"))

    result = run_refresh_job(landing, tmp_path / "cx.duckdb")

    assert not result.success
    outcomes = {
        e.asset_key.path[1]: e.passed
        for e in result.get_asset_check_evaluations()
        if e.check_name == CHECK_NAME and e.asset_key.path[0] == "raw"
    }
    assert outcomes == {source: source != "transactions" for source in LANDING_SOURCES}
    materialized = {e.asset_key.path[0] for e in result.get_asset_materialization_events()}
    assert materialized == {"raw"}  # landing ran; no staging, mart or published asset did
    # passing sources' loads are accepted; the failing source's stay pending for the next run
    with duckdb.connect(str(tmp_path / "cx.duckdb"), read_only=True) as con:
        rows = con.execute("select source_name from raw._load_checks").fetchall()
    accepted = {row[0] for row in rows}
    assert accepted == set(LANDING_SOURCES) - {"transactions"}
