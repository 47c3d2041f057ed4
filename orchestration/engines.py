"""The engine a dbt target runs on, seen from Python: its raw store and its tables.

`CX_DBT_TARGET` picks the target (profiles.yml): duckdb (default), postgres or spark (local
mode; its Derby metastore admits one process at a time, so do not read while dbt runs). Used by
`cx-warehouse load` and by the tests that compare one engine's marts with another's.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd

from orchestration.ingestion.raw_store import RawStore, quote_identifier
from orchestration.settings import Settings

ENGINES: tuple[str, ...] = ("duckdb", "postgres", "spark")


def current_target() -> str:
    """The dbt target of this process: CX_DBT_TARGET, default duckdb."""
    return os.environ.get("CX_DBT_TARGET") or "duckdb"


def _check(target: str) -> None:
    if target not in ENGINES:
        raise ValueError(f"unknown target {target!r}; expected one of {', '.join(ENGINES)}")


@contextmanager
def open_raw_store(target: str | None = None) -> Iterator[RawStore]:
    """The raw store of a target, on a connection closed afterwards."""
    target = target or current_target()
    _check(target)
    if target == "postgres":
        from orchestration.ingestion.postgres_store import PostgresRawStore

        with PostgresRawStore.from_env() as store:
            yield store
        return
    if target == "spark":
        from orchestration.ingestion.spark_store import SparkRawStore
        from orchestration.spark_session import build_spark_session, warehouse_dir

        spark = build_spark_session()
        try:
            yield SparkRawStore(spark, staging_root=warehouse_dir().parent / "staging")
        finally:
            spark.stop()
        return
    import duckdb

    from orchestration.ingestion.raw_store import DuckDBRawStore

    settings = Settings.from_env()
    settings.duckdb_path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(settings.duckdb_path), config=settings.duckdb_config)
    try:
        yield DuckDBRawStore(con)
    finally:
        con.close()


def fetch_rows(target: str, schema: str, table: str) -> tuple[list[str], list[tuple]]:
    """Column names and every row of schema.table on a target, as Python values (Decimal for
    decimals, float for doubles, date, datetime). DuckDB: the working warehouse file
    (CX_DUCKDB_PATH), read-only; PostgreSQL: the CX_PG_* database."""
    _check(target)
    relation = f"{quote_identifier(schema)}.{quote_identifier(table)}"
    if target == "postgres":
        from orchestration.ingestion.postgres_store import PostgresSettings

        with PostgresSettings.from_env().connect() as con, con.cursor() as cursor:
            cursor.execute(f"select * from {relation}")
            return [column.name for column in cursor.description], cursor.fetchall()
    if target == "spark":
        from orchestration.spark_session import build_spark_session

        spark = build_spark_session()
        frame = spark.sql(f"select * from `{schema}`.`{table}`")
        return frame.columns, [tuple(row) for row in frame.collect()]
    import duckdb

    settings = Settings.from_env()
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        cursor = con.execute(f"select * from {relation}")
        return [column[0] for column in cursor.description], cursor.fetchall()


def fetch_relation(target: str, schema: str, table: str) -> pd.DataFrame:
    """Every row of schema.table on a target, as a DataFrame of Python values."""
    columns, rows = fetch_rows(target, schema, table)
    return pd.DataFrame(rows, columns=columns, dtype=object)


def list_tables(target: str, schema: str) -> list[str]:
    """The base tables of a schema on a target, by name."""
    _check(target)
    sql = (
        "select table_name from information_schema.tables "
        "where table_schema = '{schema}' and table_type = 'BASE TABLE' order by 1"
    ).format(schema=schema.replace("'", "''"))
    if target == "postgres":
        from orchestration.ingestion.postgres_store import PostgresSettings

        with PostgresSettings.from_env().connect() as con:
            return [row[0] for row in con.execute(sql).fetchall()]
    if target == "spark":
        from orchestration.spark_session import build_spark_session

        spark = build_spark_session()
        shown = spark.sql(f"show tables in `{schema}`").collect()
        return sorted(row.tableName for row in shown if not row.isTemporary)
    import duckdb

    with duckdb.connect(str(Settings.from_env().duckdb_path), read_only=True) as con:
        return [row[0] for row in con.execute(sql).fetchall()]
