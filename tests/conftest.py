"""Shared fixtures: one small generated warehouse, built once per test session."""

from __future__ import annotations

import importlib.util
import math
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

# The salt the session hashes personal data with (macro pii_hash); tests/test_pii.py checks it.
os.environ.setdefault("CX_PII_SALT", "cx-demo-salt")

SMALL_SCALE = {"customers": 2000, "months": 12, "seed": 7, "defect_rate": 0.01}


@dataclass
class BuiltWarehouse:
    landing_root: Path
    truth_dir: Path
    duckdb_path: Path

    def connect(self) -> duckdb.DuckDBPyConnection:
        return duckdb.connect(str(self.duckdb_path), read_only=True)


def run_refresh_job(landing_root: Path, duckdb_path: Path):
    """Run the refresh job in process against the given landing root and warehouse file."""
    os.environ["CX_LANDING_ROOT"] = str(landing_root)
    os.environ["CX_DUCKDB_PATH"] = str(duckdb_path)
    import dagster as dg

    from orchestration.definitions import defs

    with dg.DagsterInstance.ephemeral() as instance:
        return defs.resolve_job_def("refresh_warehouse").execute_in_process(
            instance=instance, raise_on_error=False
        )


FLOAT_TYPES = ("DOUBLE", "FLOAT", "REAL")


def _sorted_rows(con: duckdb.DuckDBPyConnection, relation: str) -> list[tuple]:
    """Every row, sorted, without the run-metadata columns (which dbt run wrote a row)."""
    from orchestration.engine_compare import RUN_METADATA_COLUMNS

    columns = [
        (name, kind)
        for name, kind, *_ in con.execute(f"describe {relation}").fetchall()
        if name not in RUN_METADATA_COLUMNS
    ]
    names = ", ".join(f'"{name}"' for name, _ in columns)
    order = ", ".join(
        f'round("{name}", 6)' if kind in FLOAT_TYPES else f'"{name}"' for name, kind in columns
    )
    return con.execute(f"select {names} from {relation} order by {order}").fetchall()


def _same_value(left, right) -> bool:
    if isinstance(left, float) and isinstance(right, float):
        return math.isclose(left, right, rel_tol=1e-9, abs_tol=1e-12)
    return left == right


def differing_rows(con: duckdb.DuckDBPyConnection, relation: str, other: str) -> int:
    """Rows of two relations that differ, doubles compared to 1e-9 relative.

    DuckDB sums doubles in parallel, in no fixed order, so two builds of the same data can
    differ in a double's last bits (about 1e-15); every other type must match exactly.
    """
    left, right = _sorted_rows(con, relation), _sorted_rows(con, other)
    if len(left) != len(right):
        return abs(len(left) - len(right)) + sum(
            row_left != row_right for row_left, row_right in zip(left, right, strict=False)
        )
    return sum(
        not all(_same_value(a, b) for a, b in zip(row_left, row_right, strict=True))
        for row_left, row_right in zip(left, right, strict=True)
    )


def step_failure_messages(result) -> dict[str, str]:
    """Step key -> the user-facing message of each failed step of a run."""
    messages = {}
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data:
            error = event.step_failure_data.error
            user_error = error.cause if error and error.cause else error
            messages[event.step_key] = user_error.message if user_error else ""
    return messages


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltWarehouse]:
    from orchestration.generator import generate

    root = tmp_path_factory.mktemp("warehouse")
    landing, truth = root / "landing", root / "truth"
    generate(out=landing, truth=truth, **SMALL_SCALE)
    duckdb_path = root / "cx.duckdb"
    saved = {key: os.environ.get(key) for key in ("CX_LANDING_ROOT", "CX_DUCKDB_PATH")}
    result = run_refresh_job(landing, duckdb_path)
    assert result.success, "the refresh job failed on generated data"
    yield BuiltWarehouse(landing, truth, duckdb_path)
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def skip_or_fail(reason: str) -> None:
    """A service a test needs is missing: skip on a workstation, fail in CI (CI=true), so a CI
    machine that lost PostgreSQL or Java cannot pass by skipping."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def spark_missing() -> str | None:
    """Why Spark cannot run here (no pyspark, no Java), or None."""
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed"
    java_home = os.environ.get("JAVA_HOME")
    if shutil.which("java") is None and not (java_home and Path(java_home, "bin/java").exists()):
        return "no Java runtime (java on PATH or JAVA_HOME)"
    return None
