"""The management pack built once per session from the session's real warehouse."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from orchestration.cli import main
from orchestration.settings import Settings


@dataclass
class BuiltPack:
    lang: str
    html: Path
    workbook: Path


@pytest.fixture(scope="session")
def published_path(built_warehouse) -> Path:
    """The read-only copy the refresh published (<warehouse stem>.published.duckdb beside the
    warehouse unless CX_PUBLISHED_PATH says otherwise)."""
    settings = Settings.from_env()
    assert settings.duckdb_path == built_warehouse.duckdb_path
    assert settings.published_path.exists(), settings.published_path
    return settings.published_path


@pytest.fixture
def published(published_path: Path):
    """A read-only connection for one test. Never keep one open for the session: DuckDB shares
    one database instance per path within a process, so a connection left open would keep
    later tests reading the old snapshot after a refresh swaps in a new copy."""
    with duckdb.connect(str(published_path), read_only=True) as con:
        yield con


@pytest.fixture(scope="session")
def pack_month(published_path: Path) -> dt.date:
    """The latest complete month, worked out here on its own: the month of the last day the
    transactions reach when that day ends its month, else the month before."""
    with duckdb.connect(str(published_path), read_only=True) as con:
        (last_day,) = con.execute("select max(occurred_on) from marts.fct_transactions").fetchone()
    if (last_day + dt.timedelta(days=1)).day == 1:
        return last_day.replace(day=1)
    return (last_day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def run_cli(argv: list[str]) -> tuple[int, str]:
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = main(argv)
    return code, printed.getvalue()


@pytest.fixture(scope="session")
def packs(published_path, tmp_path_factory) -> dict[str, BuiltPack]:
    """`cx-warehouse pack --lang en|zh --out DIR` as a user runs it (default month)."""
    out = tmp_path_factory.mktemp("packs")
    built = {}
    for lang in ("en", "zh"):
        code, printed = run_cli(["pack", "--lang", lang, "--out", str(out)])
        assert code == 0, printed
        paths = [Path(line) for line in printed.split()]
        html = next(path for path in paths if path.suffix == ".html")
        workbook = next(path for path in paths if path.suffix == ".xlsx")
        assert html.exists() and workbook.exists()
        built[lang] = BuiltPack(lang, html, workbook)
    return built
