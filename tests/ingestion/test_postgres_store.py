"""The PostgreSQL raw store behaves like DuckDB's: each file once, atomically, with lineage.

Runs against the server of `make postgres` (CX_PG_* variables). Each test gets a database of its
own, dropped afterwards. Without a server the tests skip, except in CI (CI=true), where they fail.
"""

from __future__ import annotations

import uuid
from datetime import datetime

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from orchestration.ingestion import load_source
from orchestration.ingestion.loader import ensure_raw_layer
from orchestration.ingestion.postgres_store import PostgresRawStore, PostgresSettings
from orchestration.ingestion.raw_store import LOAD_CHECK_COLUMNS, MANIFEST_COLUMNS, FileDelivery
from orchestration.ingestion.readers import LandingFileError
from tests.conftest import skip_or_fail
from tests.ingestion.conftest import CONTRACT, write

psycopg = pytest.importorskip("psycopg")


@pytest.fixture
def server() -> PostgresSettings:
    settings = PostgresSettings.from_env()
    try:
        settings.connect(connect_timeout=3).close()
    except psycopg.OperationalError as error:
        message = (
            f"no PostgreSQL server at {settings.host}:{settings.port} (make postgres): {error}"
        )
        skip_or_fail(message)
    return settings


@pytest.fixture
def store(server: PostgresSettings):
    name = f"cx_test_{uuid.uuid4().hex[:12]}"
    with server.connect() as admin:
        admin.execute(f"create database {name}")
    test_db = PostgresSettings(server.host, server.port, server.user, server.password, name)
    raw_store = PostgresRawStore(test_db.connect())
    ensure_raw_layer(raw_store, [CONTRACT])
    yield raw_store
    raw_store.close()
    with server.connect() as admin:
        admin.execute(f"drop database {name} with (force)")


def query(store: PostgresRawStore, sql: str) -> list[tuple]:
    return store.con.execute(sql).fetchall()


def raw_rows(store: PostgresRawStore) -> list[tuple]:
    return query(
        store,
        "select customer_id, tier, city, _source_file, _row_number "
        "from raw.customers order by _load_id, _row_number",
    )


def columns_of(store: PostgresRawStore, table: str) -> list[str]:
    rows = query(
        store,
        "select column_name from information_schema.columns "
        f"where table_schema = 'raw' and table_name = '{table}' order by ordinal_position",
    )
    return [row[0] for row in rows]


def test_raw_layer_has_the_duckdb_tables_and_column_order(store):
    ensure_raw_layer(store, [CONTRACT])  # idempotent
    assert tuple(columns_of(store, "_load_manifest")) == MANIFEST_COLUMNS
    assert tuple(columns_of(store, "_load_checks")) == LOAD_CHECK_COLUMNS
    assert columns_of(store, "customers") == [
        "customer_id",
        "tier",
        "city",
        "_source_file",
        "_file_checksum",
        "_row_number",
        "_load_id",
        "_loaded_at",
    ]


def test_loads_text_with_lineage_and_manifest(store, landing):
    write(landing, "a.csv", b"customer_id,tier,city\nC1,mass,Shanghai\nC2,affluent,\n")
    result = load_source(store, CONTRACT, landing)
    assert [(f.source_file, f.status, f.rows) for f in result.files] == [
        ("customers/a.csv", "loaded", 2)
    ]
    assert raw_rows(store) == [
        ("C1", "mass", "Shanghai", "customers/a.csv", 1),
        ("C2", "affluent", "", "customers/a.csv", 2),
    ]
    manifest = query(
        store,
        "select load_id, source_name, source_file, row_count, file_format, encoding "
        "from raw._load_manifest",
    )
    assert manifest == [
        (result.files[0].load_id, "customers", "customers/a.csv", 2, "csv", "utf-8")
    ]
    lineage = query(store, "select distinct _load_id, _file_checksum from raw.customers")
    assert lineage == [
        (
            result.files[0].load_id,
            query(store, "select file_checksum from raw._load_manifest")[0][0],
        )
    ]


def test_quotes_commas_newlines_and_unicode_survive_copy(store, landing):
    write(
        landing,
        "a.csv",
        'customer_id,tier,city\nC1,"a ""quoted"", tier","two\nlines"\nC2,mass,上海 \\N\n'.encode(),
    )
    load_source(store, CONTRACT, landing)
    assert [(row[1], row[2]) for row in raw_rows(store)] == [
        ('a "quoted", tier', "two\nlines"),
        ("mass", "上海 \\N"),
    ]


def test_same_file_twice_loads_once(store, landing):
    content = b"customer_id,tier\nC1,mass\n"
    write(landing, "a.csv", content)
    load_source(store, CONTRACT, landing)
    write(landing, "a_redelivered.csv", content)
    second = load_source(store, CONTRACT, landing)
    assert {f.source_file: f.status for f in second.files} == {
        "customers/a.csv": "skipped",
        "customers/a_redelivered.csv": "skipped",
    }
    assert query(store, "select count(*) from raw.customers") == [(1,)]
    assert query(store, "select count(*) from raw._load_manifest") == [(1,)]


def test_file_broken_halfway_leaves_nothing(store):
    # The loader hands over batches as it reads; a reader error after the first batch went
    # into COPY must roll back that batch, the new column and the manifest row.
    def batches():
        yield pa.table(
            {"customer_id": ["C1", "C2"], "tier": ["mass", "mass"], "extra": ["x", "y"]}
        ).append_column("_row_number", pa.array([1, 2], pa.int64()))
        raise LandingFileError("customers/a.csv", "broken", row=3)

    delivery = FileDelivery(
        source_name="customers",
        source_file="customers/a.csv",
        file_checksum="abc",
        file_size_bytes=10,
        file_format="csv",
        encoding="utf-8",
        loaded_at=datetime(2025, 1, 1),
    )
    with pytest.raises(LandingFileError):
        store.write_file(CONTRACT, ["customer_id", "tier", "extra"], batches(), delivery)
    assert query(store, "select count(*) from raw.customers") == [(0,)]
    assert query(store, "select count(*) from raw._load_manifest") == [(0,)]
    assert "extra" not in columns_of(store, "customers")
    assert not store.already_loaded("customers", "abc")


def test_ragged_file_fails_and_others_still_load(store, landing):
    write(landing, "a_broken.csv", b"customer_id,tier\nC1,mass\nC2\nC3,mass\n")
    write(landing, "b_good.csv", b"customer_id,tier\nC1,mass\n")
    result = load_source(store, CONTRACT, landing)
    assert [(f.source_file, f.status) for f in result.files] == [
        ("customers/a_broken.csv", "failed"),
        ("customers/b_good.csv", "loaded"),
    ]
    assert raw_rows(store) == [("C1", "mass", None, "customers/b_good.csv", 1)]
    assert query(store, "select source_file from raw._load_manifest") == [("customers/b_good.csv",)]


def test_new_column_is_added_and_parquet_values_become_text(store, landing):
    write(landing, "a.csv", b"customer_id,tier\nC1,mass\n")
    table = pa.table({"CUSTOMER_ID": ["C2"], "tier": ["private"], "birth": [1980]})
    pq.write_table(table, landing / "customers" / "b.parquet")
    result = load_source(store, CONTRACT, landing)
    assert [(f.status, f.rows) for f in result.files] == [("loaded", 1), ("loaded", 1)]
    assert columns_of(store, "customers")[-1] == "birth"
    assert query(store, "select customer_id, birth from raw.customers order by 1") == [
        ("C1", None),
        ("C2", "1980"),
    ]


def test_load_ids_increase_in_file_name_order(store, landing):
    write(landing, "b.csv", b"customer_id,tier\nC2,mass\n")
    write(landing, "a.csv", b"customer_id,tier\nC1,mass\n")
    load_source(store, CONTRACT, landing)
    ordered = query(store, "select _source_file from raw.customers order by _load_id")
    assert ordered == [("customers/a.csv",), ("customers/b.csv",)]


def test_text_postgres_cannot_store_fails_the_file_only(store, landing):
    write(landing, "a_nul.csv", b"customer_id,tier\nC1,ma\x00ss\n")
    write(landing, "b_good.csv", b"customer_id,tier\nC2,mass\n")
    result = load_source(store, CONTRACT, landing)
    assert [(f.source_file, f.status) for f in result.files] == [
        ("customers/a_nul.csv", "failed"),
        ("customers/b_good.csv", "loaded"),
    ]
    assert result.failed[0].error.startswith("customers/a_nul.csv: rejected by PostgreSQL")
    assert raw_rows(store) == [("C2", "mass", None, "customers/b_good.csv", 1)]
