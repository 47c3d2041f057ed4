"""Load a landing source folder into its raw table, each file once, each file atomically.

Per file, atomically in the engine's raw store (orchestration/ingestion/raw_store.py): add any
new columns, insert every row as text with its lineage (file, checksum, row number, load id,
load time), and record the file in the manifest. A file whose checksum is already in the
manifest for that source is skipped, so re-delivering the same file loads nothing twice. A file
that cannot be read is rolled back and reported; the other files of the source still load.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from orchestration.contract import LINEAGE_COLUMNS, SourceContract
from orchestration.ingestion.raw_store import (
    LOAD_CHECKS_TABLE,
    MANIFEST_TABLE,
    RAW_SCHEMA,
    DuckDBRawStore,
    FileDelivery,
    RawStore,
)
from orchestration.ingestion.readers import (
    LandingFile,
    LandingFileError,
    file_format,
    open_landing_file,
)

__all__ = [
    "LOAD_CHECKS_TABLE",
    "MANIFEST_TABLE",
    "RAW_SCHEMA",
    "FileLoad",
    "SourceLoad",
    "ensure_raw_layer",
    "load_source",
]


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


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(8 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def as_store(target: RawStore | duckdb.DuckDBPyConnection) -> RawStore:
    """A raw store for a DuckDB connection; any other store as it is."""
    if isinstance(target, duckdb.DuckDBPyConnection):
        return DuckDBRawStore(target)
    return target


def ensure_raw_layer(
    target: RawStore | duckdb.DuckDBPyConnection, contracts: list[SourceContract]
) -> None:
    """Create the raw schema, manifest, acceptance record and every contract table, so dbt
    sources always exist. Idempotent."""
    as_store(target).ensure_raw_layer(contracts)


def check_header(contract: SourceContract, columns: list[str], label: str) -> None:
    """Refuse a file whose header uses a lineage column name or lacks a required column."""
    reserved = sorted(set(columns) & set(LINEAGE_COLUMNS))
    if reserved:
        raise LandingFileError(
            label, f"column name(s) reserved for lineage: {', '.join(reserved)}", line=1
        )
    missing = [name for name in contract.required_columns if name not in columns]
    if missing:
        raise LandingFileError(
            label,
            f"missing required column(s) {', '.join(missing)}; header has {', '.join(columns)}",
            line=1,
        )


def numbered_batches(landing_file: LandingFile) -> Iterator[pa.Table]:
    """The file's batches as tables of its columns plus `_row_number` (1 = first data row)."""
    rows = 0
    for batch in landing_file.batches:
        yield pa.Table.from_batches(
            [pa.RecordBatch.from_arrays(list(batch.columns), names=landing_file.columns)]
        ).append_column(
            "_row_number", pa.array(range(rows + 1, rows + batch.num_rows + 1), pa.int64())
        )
        rows += batch.num_rows


def _load_file(
    store: RawStore,
    contract: SourceContract,
    path: Path,
    label: str,
    checksum: str,
    encoding: str,
) -> FileLoad:
    landing_file = open_landing_file(path, encoding, label)
    check_header(contract, landing_file.columns, label)
    kind = file_format(path)
    delivery = FileDelivery(
        source_name=contract.name,
        source_file=label,
        file_checksum=checksum,
        file_size_bytes=path.stat().st_size,
        file_format=kind,
        encoding=encoding if kind != "parquet" else None,
        loaded_at=datetime.now(UTC).replace(tzinfo=None),
    )
    load_id, rows = store.write_file(
        contract, landing_file.columns, numbered_batches(landing_file), delivery
    )
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
    target: RawStore | duckdb.DuckDBPyConnection,
    contract: SourceContract,
    landing_root: Path,
    encoding: str = "utf-8",
    log: Callable[[str], None] | None = None,
) -> SourceLoad:
    """Load every new file of one source folder; returns what happened to each file."""
    store = as_store(target)
    started = time.perf_counter()
    result = SourceLoad(source=contract.name)
    paths = landing_files(landing_root, contract.name)
    for index, path in enumerate(paths, start=1):
        label = path.relative_to(landing_root).as_posix()
        checksum = file_checksum(path)
        if store.already_loaded(contract.name, checksum):
            result.files.append(FileLoad(source_file=label, status="skipped"))
            continue
        try:
            outcome = _load_file(store, contract, path, label, checksum, encoding)
        except LandingFileError as error:
            outcome = FileLoad(source_file=label, status="failed", error=str(error))
        result.files.append(outcome)
        if log:
            detail = f"{outcome.rows} rows" if outcome.status == "loaded" else outcome.error
            log(f"{label}: {outcome.status} ({detail})")
            log(f"{contract.name}: file {index}/{len(paths)}, {result.rows_loaded:,} rows so far")
    result.seconds = time.perf_counter() - started
    return result
