"""The raw layer on Spark: Parquet tables in the Hive metastore of the local Spark engine.

Parquet tables have no transactions, so a file is written in an order that never shows half
of it:

1. every batch the loader passes is written to a private staging folder (plain Parquet files,
   outside any table); a batch that raises (a file found broken halfway) leaves only that
   folder, which is deleted;
2. the staged rows go into the raw table in one Spark insert (one job: its files appear at
   commit);
3. the manifest row is inserted last.

Readers (dbt) only count a raw row whose `_load_id` has a manifest row, and `ensure_raw_layer`
deletes rows without one (left by a process killed between steps 2 and 3), so such a crash
leaves nothing visible either. Load ids are max(load_id) + 1 of the manifest: one loader at a
time, which the Derby metastore (one process) enforces anyway.

`CX_DBT_TARGET=spark cx-warehouse load` loads every landing source into the local Spark
warehouse (settings: orchestration/spark_session.py).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from orchestration.contract import SourceContract
from orchestration.ingestion.raw_store import (
    LOAD_CHECK_COLUMNS,
    MANIFEST_COLUMNS,
    RAW_SCHEMA,
    FileDelivery,
)

LINEAGE_DDL = (
    ("_source_file", "string"),
    ("_file_checksum", "string"),
    ("_row_number", "bigint"),
    ("_load_id", "bigint"),
    ("_loaded_at", "timestamp"),
)
MANIFEST_DDL = dict(
    zip(
        MANIFEST_COLUMNS,
        (
            "bigint",
            "string",
            "string",
            "string",
            "bigint",
            "bigint",
            "string",
            "string",
            "timestamp",
        ),
        strict=True,
    )
)
LOAD_CHECKS_DDL = dict(
    zip(LOAD_CHECK_COLUMNS, ("string", "bigint", "string", "timestamp"), strict=True)
)


def quote_identifier(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def raw_table(name: str) -> str:
    return f"{quote_identifier(RAW_SCHEMA)}.{quote_identifier(name)}"


MANIFEST = raw_table("_load_manifest")
LOAD_CHECKS = raw_table("_load_checks")


class SparkRawStore:
    """The raw layer in the local Spark warehouse; see the module docstring for atomicity."""

    engine = "spark"

    def __init__(self, spark, staging_root: Path | None = None) -> None:
        self.spark = spark
        self.staging_root = staging_root

    def _sql(self, statement: str, **args):
        return self.spark.sql(statement, args=args or None)

    def _create(self, table: str, columns: dict[str, str]) -> None:
        ddl = ", ".join(f"{quote_identifier(name)} {kind}" for name, kind in columns.items())
        self._sql(f"create table if not exists {table} ({ddl}) using parquet")

    def ensure_raw_layer(self, contracts: list[SourceContract]) -> None:
        self._sql(f"create database if not exists {quote_identifier(RAW_SCHEMA)}")
        self._create(MANIFEST, MANIFEST_DDL)
        # One row per load whose raw Great Expectations suite passed (as on DuckDB).
        self._create(LOAD_CHECKS, LOAD_CHECKS_DDL)
        for contract in contracts:
            table = raw_table(contract.name)
            self._create(
                table, {name: "string" for name in contract.column_names} | dict(LINEAGE_DDL)
            )
            self._remove_unrecorded_rows(table)

    def _remove_unrecorded_rows(self, table: str) -> None:
        """Delete rows of a load the manifest does not record (a crash before its manifest
        row). Parquet tables cannot delete: keep the recorded rows through a scratch table."""
        orphans = self._sql(
            f"select count(*) from {table} t left anti join {MANIFEST} m on t._load_id = m.load_id"
        ).first()[0]
        if not orphans:
            return
        scratch = table[:-1] + "__recorded`"
        self._sql(f"drop table if exists {scratch}")
        self._sql(
            f"create table {scratch} using parquet as select t.* from {table} t "
            f"left semi join {MANIFEST} m on t._load_id = m.load_id"
        )
        self._sql(f"insert overwrite table {table} select * from {scratch}")
        self._sql(f"drop table {scratch}")

    def already_loaded(self, source: str, checksum: str) -> bool:
        found = self._sql(
            f"select 1 from {MANIFEST} where source_name = :source "
            "and file_checksum = :checksum limit 1",
            source=source,
            checksum=checksum,
        ).first()
        return found is not None

    def _table_columns(self, table: str) -> list[str]:
        return [field.name for field in self.spark.table(table).schema.fields]

    def _next_load_id(self) -> int:
        current = self._sql(f"select max(load_id) from {MANIFEST}").first()[0]
        return (current or 0) + 1

    def write_file(
        self,
        contract: SourceContract,
        columns: list[str],
        batches: Iterator[pa.Table],
        delivery: FileDelivery,
    ) -> tuple[int, int]:
        table = raw_table(contract.name)
        if self.staging_root is not None:
            self.staging_root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix="raw_load_", dir=self.staging_root))
        try:
            # 1. Stage every batch; a broken file raises here, before the table is touched.
            rows = 0
            for index, numbered in enumerate(batches):
                text = numbered.select(columns).cast(pa.schema([(n, pa.string()) for n in columns]))
                text = text.append_column("_row_number", numbered.column("_row_number"))
                pq.write_table(text, staging / f"part-{index:05d}.parquet")
                rows += numbered.num_rows
            load_id = self._next_load_id()
            known = self._table_columns(table)
            missing = [name for name in columns if name not in known]
            if missing:
                added = ", ".join(f"{quote_identifier(name)} string" for name in missing)
                self._sql(f"alter table {table} add columns ({added})")
                known = self._table_columns(table)
            # 2. All of the file's rows in one insert, every column in the table's order.
            if rows:
                self.spark.read.parquet(str(staging)).createOrReplaceTempView("landing_file")
                lineage = {
                    "_source_file": ":source_file",
                    "_file_checksum": ":file_checksum",
                    "_row_number": "_row_number",
                    "_load_id": ":load_id",
                    "_loaded_at": "cast(:loaded_at as timestamp)",
                }
                select = ", ".join(
                    lineage.get(name)
                    or (quote_identifier(name) if name in columns else "cast(null as string)")
                    for name in known
                )
                self._sql(
                    f"insert into {table} select {select} from landing_file",
                    source_file=delivery.source_file,
                    file_checksum=delivery.file_checksum,
                    load_id=load_id,
                    loaded_at=delivery.loaded_at.isoformat(sep=" "),
                )
                self.spark.catalog.dropTempView("landing_file")
            # 3. The manifest row last: only now do the rows count as loaded.
            values = dict(zip(MANIFEST_COLUMNS, delivery.manifest_row(load_id, rows), strict=True))
            values["loaded_at"] = delivery.loaded_at.isoformat(sep=" ")
            placeholders = ", ".join(
                f"cast(:{name} as {kind})" for name, kind in MANIFEST_DDL.items()
            )
            self._sql(f"insert into {MANIFEST} select {placeholders}", **values)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return load_id, rows
