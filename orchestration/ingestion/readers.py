"""Read one landing file (CSV, gzipped CSV or Parquet) as batches of text columns.

Every value stays text, exactly as delivered: typing and validation happen in dbt staging, where
a bad value becomes a rejected row with a reason instead of a failed load. What fails here is a
file that cannot be read at all (not decodable, not decompressible, ragged rows, no header); the
error names the file, the data row and the line, and the problem.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

SUPPORTED_SUFFIXES: tuple[str, ...] = (".csv", ".csv.gz", ".parquet")
BATCH_ROWS = 250_000


class LandingFileError(Exception):
    """A landing file that cannot be loaded; the message names file, row and problem."""

    def __init__(self, file: str, problem: str, row: int | None = None, line: int | None = None):
        self.file = file
        self.problem = problem
        self.row = row
        self.line = line
        where = []
        if row is not None:
            where.append(f"data row {row}")
        if line is not None:
            where.append(f"line {line}")
        location = f" ({', '.join(where)})" if where else ""
        super().__init__(f"{file}{location}: {problem}")


def file_format(path: Path) -> str | None:
    """'csv', 'csv.gz' or 'parquet' from the file name; None for files ingestion ignores."""
    name = path.name.lower()
    for suffix in SUPPORTED_SUFFIXES:
        if name.endswith(suffix):
            return suffix.lstrip(".")
    return None


@dataclass
class LandingFile:
    """A landing file opened for reading: normalised column names and a stream of batches."""

    columns: list[str]
    batches: Iterator[pa.RecordBatch]


def _python_codec(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError as error:
        raise ValueError(f"unknown encoding '{encoding}'") from error


def normalise_header(raw_names: list[str], label: str) -> list[str]:
    """Lowercase and trim column names; refuse empty or duplicate names."""
    names = [name.strip().lower() for name in raw_names]
    for position, name in enumerate(names, start=1):
        if not name:
            raise LandingFileError(label, f"header column {position} has no name", line=1)
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise LandingFileError(
            label, f"duplicate column name(s) in header: {', '.join(duplicates)}", line=1
        )
    return names


def _open_binary(path: Path):
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb")


def _read_csv_header(path: Path, encoding: str, label: str) -> list[str]:
    try:
        with _open_binary(path) as handle:
            first_line = handle.readline()
    except (OSError, EOFError, zlib.error) as error:
        raise LandingFileError(label, f"cannot decompress the file: {error}") from error
    if not first_line.strip():
        raise LandingFileError(label, "the file is empty: a header row is required", line=1)
    codec = "utf-8-sig" if _python_codec(encoding) == "utf-8" else encoding
    try:
        text = first_line.decode(codec)
    except UnicodeDecodeError as error:
        raise LandingFileError(
            label,
            f"header is not valid {encoding} ({error.reason} at byte {error.start}); "
            "set the source's encoding if the file uses another one",
            line=1,
        ) from error
    return next(csv.reader([text]))


def locate_csv_problem(path: Path, encoding: str, label: str, n_columns: int) -> LandingFileError:
    """Find the first row that breaks the file, for a precise message after a failed fast read.

    Lines are decoded one by one (a newline byte never occurs inside a multi-byte character in
    UTF-8 or GB18030), so a decoding error is pinned to its line.
    """
    codec = _python_codec(encoding)
    line_number = 0

    def decoded_lines() -> Iterator[str]:
        nonlocal line_number
        with _open_binary(path) as handle:
            for raw in handle:
                line_number += 1
                use = "utf-8-sig" if codec == "utf-8" and line_number == 1 else codec
                try:
                    yield raw.decode(use)
                except UnicodeDecodeError as error:
                    raise LandingFileError(
                        label,
                        f"not valid {encoding}: {error.reason} at byte {error.start} of the "
                        f"line (bytes {raw[error.start : error.start + 4]!r}); set the source's "
                        "encoding if the file uses another one",
                        row=line_number - 1 if line_number > 1 else None,
                        line=line_number,
                    ) from error

    try:
        reader = csv.reader(decoded_lines(), strict=True)
        for record_number, record in enumerate(reader):
            if record_number == 0:
                continue
            if len(record) != n_columns:
                return LandingFileError(
                    label,
                    f"expected {n_columns} fields as in the header, found {len(record)}",
                    row=record_number,
                    line=reader.line_num,
                )
    except LandingFileError as error:
        return error
    except (OSError, EOFError, zlib.error) as error:
        return LandingFileError(
            label, f"cannot decompress the file: {error}", line=line_number or None
        )
    except csv.Error as error:
        return LandingFileError(label, f"malformed CSV: {error}", line=line_number or None)
    return LandingFileError(label, "the file could not be parsed as CSV")


def _csv_batches(path: Path, encoding: str, label: str, raw_names: list[str]):
    read_options = pacsv.ReadOptions(encoding=encoding, block_size=16 << 20, use_threads=True)
    convert_options = pacsv.ConvertOptions(
        column_types={name: pa.string() for name in raw_names},
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )
    parse_options = pacsv.ParseOptions(newlines_in_values=True)
    try:
        reader = pacsv.open_csv(
            str(path),
            read_options=read_options,
            parse_options=parse_options,
            convert_options=convert_options,
        )
        yield from reader
    except (pa.ArrowInvalid, OSError, EOFError, zlib.error, UnicodeDecodeError) as error:
        located = locate_csv_problem(path, encoding, label, len(raw_names))
        if located.problem == "the file could not be parsed as CSV":
            located = LandingFileError(label, f"cannot be read as CSV: {error}")
        raise located from error


def _parquet_batches(path: Path, label: str):
    try:
        parquet = pq.ParquetFile(path)
        for batch in parquet.iter_batches(batch_size=BATCH_ROWS):
            yield pa.RecordBatch.from_arrays(
                [pc.cast(column, pa.string()) for column in batch.columns],
                names=batch.schema.names,
            )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, OSError) as error:
        raise LandingFileError(label, f"cannot be read as Parquet: {error}") from error


def open_landing_file(path: Path, encoding: str, label: str) -> LandingFile:
    """Open a landing file; raises LandingFileError when it cannot be read at all."""
    kind = file_format(path)
    if kind == "parquet":
        try:
            raw_names = pq.read_schema(path).names
        except (pa.ArrowInvalid, OSError) as error:
            raise LandingFileError(label, f"cannot be read as Parquet: {error}") from error
        return LandingFile(normalise_header(raw_names, label), _parquet_batches(path, label))
    if kind in ("csv", "csv.gz"):
        raw_names = _read_csv_header(path, encoding, label)
        names = normalise_header(raw_names, label)
        return LandingFile(names, _csv_batches(path, encoding, label, raw_names))
    raise LandingFileError(label, f"unsupported file type (expected {SUPPORTED_SUFFIXES})")
