"""Load a landing source folder into its raw table, each file once, each file atomically.

Per file, in one DuckDB transaction: add any new columns, insert every row as text with its
lineage (file, checksum, row number, load id, load time), and record the file in the manifest.
A file whose checksum is already in the manifest for that source is skipped, so re-delivering
the same file loads nothing twice. A file that cannot be read is rolled back and reported; the
other files of the source still load.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from orchestration.contract import LINEAGE_COLUMNS, SourceContract
from orchestration.ingestion.readers import LandingFileError, file_format, open_landing_file

RAW_SCHEMA = "raw"
MANIFEST_TABLE = f"{RAW_SCHEMA}._load_manifest"
LOAD_CHECKS_TABLE = f"{RAW_SCHEMA}._load_checks"


@dataclass(frozen=True)
class FileLoad:
    source_file: str
    status: str  # loaded | skipped | failed
    rows: int = 0
    load_id: int | None = None
    error: str | None = None


@dataclass
class SourceLoad:
    """What one load of a source folder did."""

    source: str
    files: list[FileLoad] = field(default_factory=list)
    seconds: float = 0.0

    def _with(self, status: str) -> list[FileLoad]:
        return [file for file in self.files if file.status == status]

    @property
    def loaded(self) -> list[FileLoad]:
        return self._with("loaded")

    @property
    def skipped(self) -> list[FileLoad]:
        return self._with("skipped")

    @property
    def failed(self) -> list[FileLoad]:
        return self._with("failed")

    @property
    def rows_loaded(self) -> int:
        return sum(file.rows for file in self.loaded)


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(8 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def ensure_raw_layer(con: duckdb.DuckDBPyConnection, contracts: list[SourceContract]) -> None:
    """Create the raw schema, manifest, acceptance record and every contract table, so dbt
    sources always exist. Idempotent."""
    con.execute(f"create schema if not exists {RAW_SCHEMA}")
    con.execute(f"create sequence if not exists {RAW_SCHEMA}._load_id_seq start 1")
    con.execute(
        f"""
        create table if not exists {MANIFEST_TABLE} (
            load_id bigint primary key,
            source_name varchar not null,
            source_file varchar not null,
            file_checksum varchar not null,
            file_size_bytes bigint not null,
            row_count bigint not null,
            file_format varchar not null,
            encoding varchar,
            loaded_at timestamp not null
        )
        """
    )
    # One row per load whose raw Great Expectations suite passed; a load without one is pending
    # and is judged (again) by the next raw check of its source.
    con.execute(
        f"""
        create table if not exists {LOAD_CHECKS_TABLE} (
            source_name varchar not null,
            load_id bigint not null,
            suite varchar not null,
            accepted_at timestamp not null,
            primary key (source_name, load_id)
        )
        """
    )
    for contract in contracts:
        columns = ", ".join(f"{quote_identifier(name)} varchar" for name in contract.column_names)
        con.execute(
            f"""
            create table if not exists {RAW_SCHEMA}.{quote_identifier(contract.name)} (
                {columns},
                _source_file varchar not null,
                _file_checksum varchar not null,
                _row_number bigint not null,
                _load_id bigint not null,
                _loaded_at timestamp not null
            )
            """
        )


def _table_columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = con.execute(
        "select column_name from information_schema.columns "
        "where table_schema = ? and table_name = ?",
        [RAW_SCHEMA, table],
    ).fetchall()
    return {row[0] for row in rows}


def _already_loaded(con: duckdb.DuckDBPyConnection, source: str, checksum: str) -> bool:
    found = con.execute(
        f"select 1 from {MANIFEST_TABLE} where source_name = ? and file_checksum = ? limit 1",
        [source, checksum],
    ).fetchone()
    return found is not None


def _load_file(
    con: duckdb.DuckDBPyConnection,
    contract: SourceContract,
    path: Path,
    label: str,
    checksum: str,
    encoding: str,
) -> FileLoad:
    landing_file = open_landing_file(path, encoding, label)
    reserved = sorted(set(landing_file.columns) & set(LINEAGE_COLUMNS))
    if reserved:
        raise LandingFileError(
            label, f"column name(s) reserved for lineage: {', '.join(reserved)}", line=1
        )
    missing = [name for name in contract.required_columns if name not in landing_file.columns]
    if missing:
        raise LandingFileError(
            label,
            f"missing required column(s) {', '.join(missing)}; header has "
            f"{', '.join(landing_file.columns)}",
            line=1,
        )
    table = f"{RAW_SCHEMA}.{quote_identifier(contract.name)}"
    loaded_at = datetime.now(UTC).replace(tzinfo=None)
    con.begin()
    try:
        load_id = con.execute(f"select nextval('{RAW_SCHEMA}._load_id_seq')").fetchone()[0]
        known = _table_columns(con, contract.name)
        for name in landing_file.columns:
            if name not in known:
                con.execute(f"alter table {table} add column {quote_identifier(name)} varchar")
        delivered = ", ".join(quote_identifier(name) for name in landing_file.columns)
        rows = 0
        for batch in landing_file.batches:
            numbered = pa.Table.from_batches(
                [pa.RecordBatch.from_arrays(list(batch.columns), names=landing_file.columns)]
            ).append_column(
                "_row_number", pa.array(range(rows + 1, rows + batch.num_rows + 1), pa.int64())
            )
            con.register("landing_batch", numbered)
            con.execute(
                f"""
                insert into {table} ({delivered}, _source_file, _file_checksum, _row_number,
                                     _load_id, _loaded_at)
                select {delivered}, ?, ?, _row_number, ?, ?
                from landing_batch
                """,
                [label, checksum, load_id, loaded_at],
            )
            con.unregister("landing_batch")
            rows += batch.num_rows
        con.execute(
            f"insert into {MANIFEST_TABLE} values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                load_id,
                contract.name,
                label,
                checksum,
                path.stat().st_size,
                rows,
                file_format(path),
                encoding if file_format(path) != "parquet" else None,
                loaded_at,
            ],
        )
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return FileLoad(source_file=label, status="loaded", rows=rows, load_id=load_id)


def landing_files(landing_root: Path, source: str) -> list[Path]:
    """The files ingestion reads for a source, in load order (by name)."""
    folder = landing_root / source
    if not folder.is_dir():
        return []
    return sorted(
        path for path in folder.iterdir() if path.is_file() and file_format(path) is not None
    )


def load_source(
    con: duckdb.DuckDBPyConnection,
    contract: SourceContract,
    landing_root: Path,
    encoding: str = "utf-8",
    log: Callable[[str], None] | None = None,
) -> SourceLoad:
    """Load every new file of one source folder; returns what happened to each file."""
    started = time.perf_counter()
    result = SourceLoad(source=contract.name)
    paths = landing_files(landing_root, contract.name)
    for index, path in enumerate(paths, start=1):
        label = path.relative_to(landing_root).as_posix()
        checksum = file_checksum(path)
        if _already_loaded(con, contract.name, checksum):
            result.files.append(FileLoad(source_file=label, status="skipped"))
            continue
        try:
            outcome = _load_file(con, contract, path, label, checksum, encoding)
        except LandingFileError as error:
            outcome = FileLoad(source_file=label, status="failed", error=str(error))
        result.files.append(outcome)
        if log:
            detail = f"{outcome.rows} rows" if outcome.status == "loaded" else outcome.error
            log(f"{label}: {outcome.status} ({detail})")
            log(f"{contract.name}: file {index}/{len(paths)}, {result.rows_loaded:,} rows so far")
    result.seconds = time.perf_counter() - started
    return result
