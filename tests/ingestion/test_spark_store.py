"""The Spark raw store: every file once, all or nothing, new columns added (local Spark).

Needs pyspark and Java. Without them the tests skip on a workstation and fail in CI (CI=true),
so a CI image that lost Java cannot pass silently.
"""

from __future__ import annotations

import gzip

import pytest

from orchestration.ingestion import load_source
from tests.conftest import skip_or_fail, spark_missing
from tests.ingestion.conftest import CONTRACT, write


@pytest.fixture(scope="module")
def spark(tmp_path_factory):
    missing = spark_missing()
    if missing:
        skip_or_fail(f"Spark tests cannot run: {missing}")
    from orchestration.spark_session import build_spark_session

    root = tmp_path_factory.mktemp("spark")
    session = build_spark_session(
        {
            "CX_SPARK_WAREHOUSE": str(root / "warehouse"),
            "CX_SPARK_METASTORE": str(root / "metastore_db"),
            "CX_SPARK_MASTER": "local[1]",
            "CX_SPARK_SHUFFLE_PARTITIONS": "1",
        }
    )
    yield session
    session.stop()


@pytest.fixture
def store(spark, tmp_path):
    from orchestration.ingestion.spark_store import SparkRawStore

    spark.sql("drop database if exists raw cascade")
    raw_store = SparkRawStore(spark, staging_root=tmp_path / "staging")
    raw_store.ensure_raw_layer([CONTRACT])
    return raw_store


def raw_rows(spark, columns: str = "customer_id, tier, city, _source_file, _row_number"):
    rows = spark.sql(f"select {columns} from raw.customers order by _load_id, _row_number")
    return [tuple(row) for row in rows.collect()]


def count(spark, table: str) -> int:
    return spark.sql(f"select count(*) from {table}").first()[0]


def test_raw_layer_has_the_duckdb_tables_and_columns(spark, store):
    from orchestration.ingestion.raw_store import LOAD_CHECK_COLUMNS, MANIFEST_COLUMNS

    tables = {row.tableName for row in spark.sql("show tables in raw").collect()}
    assert tables == {"_load_manifest", "_load_checks", "customers"}
    assert spark.table("raw._load_manifest").columns == list(MANIFEST_COLUMNS)
    assert spark.table("raw._load_checks").columns == list(LOAD_CHECK_COLUMNS)
    assert spark.table("raw.customers").columns == [
        "customer_id",
        "tier",
        "city",
        "_source_file",
        "_file_checksum",
        "_row_number",
        "_load_id",
        "_loaded_at",
    ]
    # Idempotent.
    store.ensure_raw_layer([CONTRACT])


def test_loads_text_with_lineage_and_manifest(spark, store, landing):
    write(landing, "a.csv", b"customer_id,tier,city\nC1,mass,Shanghai\nC2,affluent,\n")
    write(landing, "b.csv", b"customer_id,tier\nC3,private\n")
    result = load_source(store, CONTRACT, landing)
    assert [(f.source_file, f.status, f.rows, f.load_id) for f in result.files] == [
        ("customers/a.csv", "loaded", 2, 1),
        ("customers/b.csv", "loaded", 1, 2),
    ]
    assert raw_rows(spark) == [
        ("C1", "mass", "Shanghai", "customers/a.csv", 1),
        ("C2", "affluent", "", "customers/a.csv", 2),
        ("C3", "private", None, "customers/b.csv", 1),
    ]
    manifest = spark.sql(
        "select load_id, source_name, source_file, row_count, file_format, encoding "
        "from raw._load_manifest order by load_id"
    ).collect()
    assert [tuple(row) for row in manifest] == [
        (1, "customers", "customers/a.csv", 2, "csv", "utf-8"),
        (2, "customers", "customers/b.csv", 1, "csv", "utf-8"),
    ]
    lineage = spark.sql(
        "select distinct r._file_checksum = m.file_checksum, r._loaded_at = m.loaded_at "
        "from raw.customers r join raw._load_manifest m on r._load_id = m.load_id"
    ).collect()
    assert [tuple(row) for row in lineage] == [(True, True)]


def test_redelivered_checksum_is_skipped(spark, store, landing):
    content = b"customer_id,tier\nC1,mass\n"
    write(landing, "a.csv", content)
    load_source(store, CONTRACT, landing)
    write(landing, "a_redelivered.csv", content)
    second = load_source(store, CONTRACT, landing)
    assert {f.source_file: f.status for f in second.files} == {
        "customers/a.csv": "skipped",
        "customers/a_redelivered.csv": "skipped",
    }
    assert count(spark, "raw.customers") == 1
    assert count(spark, "raw._load_manifest") == 1


def test_file_broken_halfway_leaves_no_rows(spark, store, landing):
    body = b"customer_id,tier\n" + b"".join(f"C{i},mass\n".encode() for i in range(200_000))
    write(landing, "a_truncated.csv.gz", gzip.compress(body)[:200_000])
    write(landing, "b_good.csv", b"customer_id,tier\nC1,mass\n")
    result = load_source(store, CONTRACT, landing)
    assert [f.source_file for f in result.failed] == ["customers/a_truncated.csv.gz"]
    assert raw_rows(spark) == [("C1", "mass", None, "customers/b_good.csv", 1)]
    assert count(spark, "raw._load_manifest") == 1
    assert not list((landing.parent / "staging").iterdir())


def test_batch_raising_after_a_written_batch_leaves_nothing(spark, store, landing):
    from datetime import datetime

    import pyarrow as pa

    from orchestration.ingestion.raw_store import FileDelivery

    def batches():
        yield pa.table({"customer_id": ["C1"], "tier": ["mass"], "_row_number": [1]})
        raise ValueError("broken at row 2")

    delivery = FileDelivery(
        "customers", "customers/x.csv", "abc", 10, "csv", "utf-8", datetime.now()
    )
    with pytest.raises(ValueError, match="broken at row 2"):
        store.write_file(CONTRACT, ["customer_id", "tier"], batches(), delivery)
    assert count(spark, "raw.customers") == 0
    assert count(spark, "raw._load_manifest") == 0
    assert not list((landing.parent / "staging").iterdir())


def test_rows_without_a_manifest_row_are_removed(spark, store, landing):
    write(landing, "a.csv", b"customer_id,tier\nC1,mass\n")
    load_source(store, CONTRACT, landing)
    # What a process killed after the rows' insert and before the manifest insert leaves.
    spark.sql(
        "insert into raw.customers values "
        "('C9', 'mass', null, 'customers/z.csv', 'x', 1, 99, timestamp'2025-01-01 00:00:00')"
    )
    store.ensure_raw_layer([CONTRACT])
    assert raw_rows(spark) == [("C1", "mass", None, "customers/a.csv", 1)]


def test_new_column_is_added(spark, store, landing):
    write(landing, "a.csv", b"customer_id,tier\nC1,mass\n")
    write(landing, "b.csv", b"Segment_Code,customer_id,tier\nX9,C2,affluent\n")
    result = load_source(store, CONTRACT, landing)
    assert result.failed == []
    assert spark.table("raw.customers").columns[-1] == "segment_code"
    assert raw_rows(spark, "customer_id, tier, city, segment_code") == [
        ("C1", "mass", None, None),
        ("C2", "affluent", None, "X9"),
    ]
