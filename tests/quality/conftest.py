"""A small raw warehouse (generated files loaded by the real loader) for the suite tests."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from orchestration.contract import load_contracts
from orchestration.ingestion import load_source
from orchestration.ingestion.loader import ensure_raw_layer
from orchestration.settings import LANDING_SOURCES


@pytest.fixture(scope="session")
def clean_raw_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Clean generated data (no planted defects), 1000 customers x 4 monthly files, in raw.

    Raw checks judge each file, so each file needs rows enough for a share to mean something:
    at 1000 customers a month of complaints is 5-9 rows (at 300 it was 0-2)."""
    from orchestration.generator import generate

    root = tmp_path_factory.mktemp("quality")
    landing = root / "landing"
    generate(out=landing, truth=root / "truth", customers=1000, months=4, seed=11, defect_rate=0)
    path = root / "warehouse.duckdb"
    contracts = load_contracts()
    with duckdb.connect(str(path)) as con:
        ensure_raw_layer(con, list(contracts.values()))
        for source in LANDING_SOURCES:
            load_source(con, contracts[source], landing, encoding="utf-8")
    return path


@pytest.fixture
def raw_warehouse(clean_raw_warehouse: Path, tmp_path: Path) -> Callable[..., Path]:
    """A private copy of the clean raw warehouse, with optional SQL run on it (the bad case)."""

    def _copy(*statements: str) -> Path:
        path = tmp_path / "warehouse.duckdb"
        shutil.copy(clean_raw_warehouse, path)
        with duckdb.connect(str(path)) as con:
            for statement in statements:
                con.execute(statement)
        return path

    return _copy
