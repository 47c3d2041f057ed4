"""Cross-engine helpers: rows of a relation per target, and which rows of two engines differ."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import duckdb
import pytest

from orchestration import engines


def test_differing_rows_tolerates_last_bits_of_doubles_only():
    left = [("B", 1.0, Decimal("2.500000")), ("A", 0.1 + 0.2, None)]
    right = [("A", 0.3, None), ("B", 1.0, Decimal("2.500000"))]
    assert engines.differing_rows(left, right) == []
    assert engines.differing_rows([("A", 1.0)], [("A", 1.0 + 1e-6)]) == [
        (("A", 1.0), ("A", 1.000001))
    ]
    assert engines.differing_rows([("A", Decimal("1.000001"))], [("A", Decimal("1.000002"))]) != []
    assert engines.differing_rows([("A", None)], [("A", 0.0)]) != []


def test_differing_rows_reports_rows_one_side_lacks():
    assert engines.differing_rows([(1,), (2,)], [(1,)]) == [((2,), None)]
    assert engines.differing_rows([], [(date(2025, 1, 1),)]) == [(None, (date(2025, 1, 1),))]


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
