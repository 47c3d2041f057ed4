"""The whole dbt project on DuckDB, PostgreSQL and Spark: it builds and passes every data and
unit test on each engine, and the marts of all three agree on one generated data set.

Each engine gets the same landing files through its own raw store, then `dbt build` (seeds,
models, data tests, unit tests) with the same as-of date; every relation of the marts and
data_quality schemas is exported and compared with DuckDB's (orchestration/engines.py:
rows in any order, doubles to 1e-9 relative, load times not compared).

Engines: CX_TEST_ENGINES (default "postgres spark"). An engine that is not reachable is
skipped on a workstation and fails the run in CI (CI=true), so CI cannot pass without it.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from orchestration.engine_compare import compare_exports
from orchestration.settings import REPO_ROOT

pytestmark = [pytest.mark.slow, pytest.mark.engines]

AGREEMENT_SCALE = ["--customers", "400", "--months", "4", "--seed", "11", "--defect-rate", "0.01"]
AS_OF_DATE = "2025-05-01"
ENGINES_UNDER_TEST = os.environ.get("CX_TEST_ENGINES", "postgres spark").split()


def _run(args: list[str], env: dict[str, str], what: str) -> float:
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    assert completed.returncode == 0, (
        f"{what} failed ({completed.returncode}):\n{completed.stdout[-6000:]}\n"
        f"{completed.stderr[-4000:]}"
    )
    print(f"{what}: {seconds:.1f} s")
    return seconds


def _postgres_admin():
    """The CX_PG_* server, connected to its maintenance database."""
    from orchestration.ingestion.postgres_store import PostgresSettings

    return dataclasses.replace(PostgresSettings.from_env(), database="postgres")


def _unavailable(engine: str) -> str | None:
    """Why an engine cannot be used here, or None."""
    if engine == "postgres":
        try:
            with _postgres_admin().connect(connect_timeout=5):
                return None
        except Exception as error:  # any failure to connect means no server
            return f"no PostgreSQL server ({error}); `make postgres` starts one"
    if engine == "spark":
        if shutil.which("java") is None:
            return "no java on the PATH"
        try:
            import pyspark  # noqa: F401
        except ImportError:
            return "pyspark is not installed (`make install` installs the spark extra)"
        return None
    return f"unknown engine {engine}"


def _require(engine: str) -> None:
    reason = _unavailable(engine)
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{engine}: {reason}")
    pytest.skip(f"{engine}: {reason}")


def _engine_env(engine: str, root: Path) -> dict[str, str]:
    env = {**os.environ, "CX_PII_SALT": "cx-demo-salt", "CX_LANDING_ROOT": str(root / "landing")}
    env["CX_DUCKDB_PATH"] = str(root / "duckdb" / "cx.duckdb")
    if engine == "postgres":
        env["CX_PG_DATABASE"] = "cx_agreement"
    if engine == "spark":
        env["CX_SPARK_WAREHOUSE"] = str(root / "spark" / "warehouse")
        env["CX_SPARK_METASTORE"] = str(root / "spark" / "metastore_db")
    return env


def _fresh_engine(engine: str, env: dict[str, str]) -> None:
    if engine == "postgres":
        with _postgres_admin().connect() as con:
            con.execute(f"drop database if exists {env['CX_PG_DATABASE']}")
            con.execute(f"create database {env['CX_PG_DATABASE']}")


def build_and_export(engine: str, root: Path) -> Path:
    env = _engine_env(engine, root)
    _fresh_engine(engine, env)
    out = root / "export" / engine
    _run(["orchestration.cli", "load"], {**env, "CX_DBT_TARGET": engine}, f"{engine} load")
    vars_arg = f'{{as_of_date: "{AS_OF_DATE}"}}'
    compare = ["orchestration.engine_compare"]
    _run(
        [*compare, "dbt", "--engine", engine, "--", "build", "--vars", vars_arg],
        env,
        f"{engine} build",
    )
    _run([*compare, "export", "--engine", engine, "--out", str(out)], env, f"{engine} export")
    return out


@pytest.fixture(scope="module")
def agreement_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("engines")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "orchestration.generator",
            *AGREEMENT_SCALE,
            "--out",
            str(root / "landing"),
        ],
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
    )
    return root


@pytest.fixture(scope="module")
def duckdb_export(agreement_root: Path) -> Path:
    return build_and_export("duckdb", agreement_root)


@pytest.mark.parametrize("engine", ENGINES_UNDER_TEST)
def test_engine_builds_and_agrees_with_duckdb(engine: str, agreement_root: Path, duckdb_export):
    _require(engine)
    exported = build_and_export(engine, agreement_root)
    relations = sorted(path.stem for path in duckdb_export.glob("*.pkl"))
    assert len(relations) >= 15, f"too few relations exported: {relations}"
    problems = compare_exports(duckdb_export, exported)
    for name in relations:
        print(f"{engine} vs duckdb, {name}: {problems.get(name, 'same rows')}")
    assert not problems, f"{engine} differs from duckdb: {problems}"
