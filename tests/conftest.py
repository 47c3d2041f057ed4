"""Shared fixtures: one small generated warehouse, built once per test session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

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
