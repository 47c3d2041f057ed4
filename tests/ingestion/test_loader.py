"""Ingestion: every file once, atomically, with lineage; unreadable files named precisely."""

from __future__ import annotations

import gzip
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from orchestration.ingestion import load_source
from orchestration.ingestion.loader import ensure_raw_layer
from tests.ingestion.conftest import CONTRACT, write


@pytest.fixture
def con(tmp_path: Path):
    connection = duckdb.connect(str(tmp_path / "wh.duckdb"))
    ensure_raw_layer(connection, [CONTRACT])
    yield connection
    connection.close()


def raw_rows(con) -> list[tuple]:
    return con.execute(
        "select customer_id, tier, city, _source_file, _row_number "
        "from raw.customers order by _load_id, _row_number"
    ).fetchall()


def test_loads_text_with_lineage_and_manifest(con, landing):
    write(landing, "a.csv", b"customer_id,tier,city\nC1,mass,Shanghai\nC2,affluent,\n")
    result = load_source(con, CONTRACT, landing)
    assert [(f.source_file, f.status, f.rows) for f in result.files] == [
        ("customers/a.csv", "loaded", 2)
    ]
    assert raw_rows(con) == [
        ("C1", "mass", "Shanghai", "customers/a.csv", 1),
        ("C2", "affluent", "", "customers/a.csv", 2),
    ]
    manifest = con.execute(
        "select source_name, source_file, row_count, file_format from raw._load_manifest"
    ).fetchall()
    assert manifest == [("customers", "customers/a.csv", 2, "csv")]


def test_same_file_twice_loads_once(con, landing):
    content = b"customer_id,tier\nC1,mass\n"
    write(landing, "a.csv", content)
    load_source(con, CONTRACT, landing)
    write(landing, "a_redelivered.csv", content)
    second = load_source(con, CONTRACT, landing)
    assert {f.source_file: f.status for f in second.files} == {
        "customers/a.csv": "skipped",
        "customers/a_redelivered.csv": "skipped",
    }
    assert con.execute("select count(*) from raw.customers").fetchone()[0] == 1
    assert con.execute("select count(*) from raw._load_manifest").fetchone()[0] == 1


def test_header_names_match_case_insensitively_and_extras_are_kept(con, landing):
    write(landing, "a.csv", b"\xef\xbb\xbfCustomer_ID , TIER,Segment_Code\r\nC1,mass,X9\r\n")
    result = load_source(con, CONTRACT, landing)
    assert result.failed == []
    row = con.execute("select customer_id, tier, city, segment_code from raw.customers").fetchone()
    assert row == ("C1", "mass", None, "X9")


def test_gzip_and_parquet_load(con, landing):
    write(landing, "a.csv.gz", gzip.compress(b"customer_id,tier\nC1,mass\n"))
    table = pa.table({"CUSTOMER_ID": ["C2"], "tier": ["private"], "birth": [1980]})
    pq.write_table(table, landing / "customers" / "b.parquet")
    result = load_source(con, CONTRACT, landing)
    assert [(f.status, f.rows) for f in result.files] == [("loaded", 1), ("loaded", 1)]
    assert con.execute("select birth from raw.customers where customer_id = 'C2'").fetchone() == (
        "1980",
    )


def test_truncated_gzip_fails_naming_the_file_and_others_still_load(con, landing):
    body = b"customer_id,tier\n" + b"".join(f"C{i},mass\n".encode() for i in range(50_000))
    write(landing, "a_truncated.csv.gz", gzip.compress(body)[:3000])
    write(landing, "b_good.csv", b"customer_id,tier\nC1,mass\n")
    result = load_source(con, CONTRACT, landing)
    failed = result.failed
    assert len(failed) == 1
    assert failed[0].source_file == "customers/a_truncated.csv.gz"
    assert failed[0].error.startswith("customers/a_truncated.csv.gz")
    assert "decompress" in failed[0].error or "Truncated" in failed[0].error
    # Nothing of the failed file is kept; the good file loaded.
    assert raw_rows(con) == [("C1", "mass", None, "customers/b_good.csv", 1)]


def test_ragged_row_names_row_and_line(con, landing):
    write(landing, "a.csv", b"customer_id,tier\nC1,mass\nC2\nC3,mass\n")
    result = load_source(con, CONTRACT, landing)
    assert result.failed[0].error == (
        "customers/a.csv (data row 2, line 3): expected 2 fields as in the header, found 1"
    )
    assert raw_rows(con) == []


def test_gb18030_file_fails_as_utf8_and_loads_when_configured(con, landing):
    data = "customer_id,tier,city\nC1,mass,上海\nC2,mass,北京\n".encode("gb18030")
    write(landing, "a.csv", data)
    as_utf8 = load_source(con, CONTRACT, landing)
    error = as_utf8.failed[0].error
    assert error.startswith("customers/a.csv (data row 1, line 2): not valid utf-8")
    assert "encoding" in error
    configured = load_source(con, CONTRACT, landing, encoding="gb18030")
    assert configured.failed == []
    assert [row[2] for row in raw_rows(con)] == ["上海", "北京"]


def test_empty_file_fails_and_header_only_file_loads_zero_rows(con, landing):
    write(landing, "a_empty.csv", b"")
    write(landing, "b_header_only.csv", b"customer_id,tier\n")
    result = load_source(con, CONTRACT, landing)
    outcomes = {f.source_file: (f.status, f.rows, f.error) for f in result.files}
    assert outcomes["customers/a_empty.csv"] == (
        "failed",
        0,
        "customers/a_empty.csv (line 1): the file is empty: a header row is required",
    )
    assert outcomes["customers/b_header_only.csv"] == ("loaded", 0, None)


def test_missing_required_column_fails_naming_it(con, landing):
    write(landing, "a.csv", b"customer_id,city\nC1,Shanghai\n")
    error = load_source(con, CONTRACT, landing).failed[0].error
    assert error == (
        "customers/a.csv (line 1): missing required column(s) tier; header has customer_id, city"
    )


def test_duplicate_header_fails(con, landing):
    write(landing, "a.csv", b"customer_id,tier,Tier\nC1,mass,mass\n")
    error = load_source(con, CONTRACT, landing).failed[0].error
    assert error == "customers/a.csv (line 1): duplicate column name(s) in header: tier"


def test_quoted_newline_keeps_record_numbering(con, landing):
    write(landing, "a.csv", b'customer_id,tier,city\nC1,mass,"two\nlines"\nC2,mass,x\n')
    load_source(con, CONTRACT, landing)
    assert [(row[0], row[2], row[4]) for row in raw_rows(con)] == [
        ("C1", "two\nlines", 1),
        ("C2", "x", 2),
    ]


def test_load_ids_increase_in_file_name_order(con, landing):
    write(landing, "b.csv", b"customer_id,tier\nC2,mass\n")
    write(landing, "a.csv", b"customer_id,tier\nC1,mass\n")
    load_source(con, CONTRACT, landing)
    ordered = con.execute("select _source_file from raw.customers order by _load_id").fetchall()
    assert ordered == [("customers/a.csv",), ("customers/b.csv",)]
