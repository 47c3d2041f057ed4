"""Cross-engine helpers: the rows of a relation on each target (comparison: tests/engines)."""

from __future__ import annotations

import duckdb
import pytest

from orchestration import engines


def test_fetch_relation_reads_duckdb_file(tmp_path, monkeypatch):
    path = tmp_path / "wh.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.t as select 1 as id, 'x' as name, 1.5::double as v")
    monkeypatch.setenv("CX_DUCKDB_PATH", str(path))
    frame = engines.fetch_relation("duckdb", "marts", "t")
    assert list(frame.columns) == ["id", "name", "v"]
    assert frame.values.tolist() == [[1, "x", 1.5]]
    assert engines.list_tables("duckdb", "marts") == ["t"]


def test_unknown_target_is_refused():
    with pytest.raises(ValueError, match="unknown target"):
        engines.fetch_relation("oracle", "marts", "t")
