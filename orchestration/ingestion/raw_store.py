"""Where raw rows are written: one small class per engine behind the `RawStore` interface.

The loader (orchestration/ingestion/loader.py) reads landing files, checks headers and numbers
rows the same way for every engine; a store only knows how to create the raw layer (schema,
manifest, acceptance record, one all-text table per contract) and how to write one file's rows
and its manifest row atomically. DuckDB is the default; PostgreSQL and Spark live in
`postgres_store.py` and `spark_store.py`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import pyarrow as pa

from orchestration.contract import SourceContract

RAW_SCHEMA = "raw"
MANIFEST_TABLE = f"{RAW_SCHEMA}._load_manifest"
LOAD_CHECKS_TABLE = f"{RAW_SCHEMA}._load_checks"

# Column order of raw._load_manifest on every engine.
MANIFEST_COLUMNS: tuple[str, ...] = (
    "load_id",
    "source_name",
    "source_file",
    "file_checksum",
    "file_size_bytes",
    "row_count",
    "file_format",
    "encoding",
    "loaded_at",
)
# Column order of raw._load_checks on every engine.
LOAD_CHECK_COLUMNS: tuple[str, ...] = ("source_name", "load_id", "suite", "accepted_at")


@dataclass(frozen=True)
class FileDelivery:
    """One landing file about to be written: what its manifest row records besides the load id
    and the row count, which the store fills in."""

    source_name: str
    source_file: str
    file_checksum: str
    file_size_bytes: int
    file_format: str
    encoding: str | None
    loaded_at: datetime

    def manifest_row(self, load_id: int, row_count: int) -> tuple:
        return (
            load_id,
            self.source_name,
            self.source_file,
            self.file_checksum,
            self.file_size_bytes,
            row_count,
            self.file_format,
            self.encoding,
            self.loaded_at,
        )


class RawStore(Protocol):
    """The raw layer of one engine."""

    engine: str

    def ensure_raw_layer(self, contracts: list[SourceContract]) -> None:
        """Create the raw schema, manifest, acceptance record and every contract table (all
        columns text, plus the lineage columns). Idempotent."""

    def already_loaded(self, source: str, checksum: str) -> bool:
        """Whether the manifest holds a file of this source with this checksum."""

    def write_file(
        self,
        contract: SourceContract,
        columns: list[str],
        batches: Iterator[pa.Table],
        delivery: FileDelivery,
    ) -> tuple[int, int]:
        """Write every batch (text columns `columns`, then `_row_number`) with the lineage
        values of `delivery`, add any column the table lacks, and record the manifest row.
        All or nothing: if a batch raises (a landing file found broken halfway), nothing of the
        file remains. Returns (load_id, rows written)."""


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def raw_layer_ddl(
    contracts: list[SourceContract], text_type: str, keys: bool = True, table_options: str = ""
) -> list[str]:
    """`create table if not exists` statements of the raw layer, the same columns on every
    engine: the manifest, the acceptance record (one row per load whose raw suite passed; a
    load without one is pending and is judged again by the next raw check of its source), and
    one table per contract with every delivered column as text plus the lineage columns.
    `text_type` names the engine's text type; `keys=False` leaves out primary keys and not-null
    constraints (Spark tables have none); `table_options` ends each statement (`using parquet`).
    """
    not_null = " not null" if keys else ""

    def table(name: str, columns: list[tuple[str, str]], key: str | None = None) -> str:
        lines = [f"{column} {kind}" for column, kind in columns]
        if key and keys:
            lines.append(f"primary key ({key})")
        return f"create table if not exists {name} ({', '.join(lines)}) {table_options}".strip()

    text, required = text_type, f"{text_type}{not_null}"
    statements = [
        table(
            MANIFEST_TABLE,
            [
                ("load_id", f"bigint{not_null}"),
                ("source_name", required),
                ("source_file", required),
                ("file_checksum", required),
                ("file_size_bytes", f"bigint{not_null}"),
                ("row_count", f"bigint{not_null}"),
                ("file_format", required),
                ("encoding", text),
                ("loaded_at", f"timestamp{not_null}"),
            ],
            key="load_id",
        ),
        table(
            LOAD_CHECKS_TABLE,
            [
                ("source_name", required),
                ("load_id", f"bigint{not_null}"),
                ("suite", required),
                ("accepted_at", f"timestamp{not_null}"),
            ],
            key="source_name, load_id",
        ),
    ]
    for contract in contracts:
        delivered = [(quote_identifier(name), text) for name in contract.column_names]
        lineage = [
            ("_source_file", required),
            ("_file_checksum", required),
            ("_row_number", f"bigint{not_null}"),
            ("_load_id", f"bigint{not_null}"),
            ("_loaded_at", f"timestamp{not_null}"),
        ]
        statements.append(
            table(f"{RAW_SCHEMA}.{quote_identifier(contract.name)}", delivered + lineage)
        )
    return statements


class SqlRawStore:
    """What the stores of SQL engines with an information_schema share: the manifest lookup
    and the columns a raw table has. `placeholder` is the driver's parameter marker."""

    placeholder = "?"

    def __init__(self, con) -> None:
        self.con = con

    def already_loaded(self, source: str, checksum: str) -> bool:
        mark = self.placeholder
        found = self.con.execute(
            f"select 1 from {MANIFEST_TABLE} "
            f"where source_name = {mark} and file_checksum = {mark} limit 1",
            [source, checksum],
        ).fetchone()
        return found is not None

    def _table_columns(self, table: str) -> set[str]:
        mark = self.placeholder
        rows = self.con.execute(
            "select column_name from information_schema.columns "
            f"where table_schema = {mark} and table_name = {mark}",
            [RAW_SCHEMA, table],
        ).fetchall()
        return {row[0] for row in rows}


class DuckDBRawStore(SqlRawStore):
    """The raw layer in the DuckDB warehouse file; one transaction per file."""

    engine = "duckdb"

    def ensure_raw_layer(self, contracts: list[SourceContract]) -> None:
        con = self.con
        con.execute(f"create schema if not exists {RAW_SCHEMA}")
        con.execute(f"create sequence if not exists {RAW_SCHEMA}._load_id_seq start 1")
        for statement in raw_layer_ddl(contracts, "varchar"):
            con.execute(statement)

    def write_file(
        self,
        contract: SourceContract,
        columns: list[str],
        batches: Iterator[pa.Table],
        delivery: FileDelivery,
    ) -> tuple[int, int]:
        con = self.con
        table = f"{RAW_SCHEMA}.{quote_identifier(contract.name)}"
        con.begin()
        try:
            load_id = con.execute(f"select nextval('{RAW_SCHEMA}._load_id_seq')").fetchone()[0]
            known = self._table_columns(contract.name)
            for name in columns:
                if name not in known:
                    con.execute(f"alter table {table} add column {quote_identifier(name)} varchar")
            delivered = ", ".join(quote_identifier(name) for name in columns)
            rows = 0
            for numbered in batches:
                con.register("landing_batch", numbered)
                con.execute(
                    f"""
                    insert into {table} ({delivered}, _source_file, _file_checksum,
                                         _row_number, _load_id, _loaded_at)
                    select {delivered}, ?, ?, _row_number, ?, ?
                    from landing_batch
                    """,
                    [delivery.source_file, delivery.file_checksum, load_id, delivery.loaded_at],
                )
                con.unregister("landing_batch")
                rows += numbered.num_rows
            con.execute(
                f"insert into {MANIFEST_TABLE} values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                list(delivery.manifest_row(load_id, rows)),
            )
            con.commit()
        except BaseException:
            con.rollback()
            raise
        return load_id, rows
