"""Writing landing files (CSV, gzip CSV, Parquet; any text encoding) with defects planted."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from .defects import Defect, plant_defects
from .rng import stream

EXTENSIONS = {"csv": ".csv", "csv.gz": ".csv.gz", "parquet": ".parquet"}
# Sources written once per run; every other source gets one file per month.
SNAPSHOT_SOURCES = frozenset({"branches", "employees", "customers"})


def _count(rows: int) -> str:
    """1234567 -> '1.2M' (progress lines)."""
    if rows >= 1_000_000:
        return f"{rows / 1_000_000:.1f}M"
    if rows >= 10_000:
        return f"{rows / 1_000:.0f}k"
    return f"{rows:,}"


def write_file(table: pa.Table, path: Path, file_format: str, encoding: str = "utf-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if file_format == "parquet":
        pq.write_table(table, path, compression="snappy")
        return
    buffer = pa.BufferOutputStream()
    pacsv.write_csv(table, buffer, pacsv.WriteOptions(include_header=True, quoting_style="needed"))
    data = buffer.getvalue()
    if encoding.lower().replace("-", "").replace("_", "") not in ("utf8",):
        data = data.to_pybytes().decode("utf-8").encode(encoding)
    if file_format == "csv.gz":
        # Arrow writes a gzip header without a timestamp: same bytes in, same file out
        with pa.CompressedOutputStream(str(path), "gzip") as stream_out:
            stream_out.write(data)
    else:
        with pa.OSFile(str(path), "wb") as stream_out:
            stream_out.write(data)


class Sink:
    """Writes every landing file, plants defects and keeps the bookkeeping for the summary."""

    def __init__(
        self,
        out: Path,
        seed: int,
        file_format: str,
        encodings: dict[str, str],
        defect_rate: float,
        progress: Callable[[str], None],
        months: int | None = None,
    ) -> None:
        if file_format not in EXTENSIONS:
            raise ValueError(f"unknown format {file_format!r}; use one of {sorted(EXTENSIONS)}")
        self.out = out
        self.seed = seed
        self.file_format = file_format
        self.encodings = encodings
        self.defect_rate = defect_rate
        self.progress = progress
        self.months = months  # files expected per monthly source, for progress lines
        self.rows: dict[str, int] = defaultdict(int)
        self.files: list[str] = []
        self.defects: list[Defect] = []

    def write(self, source: str, stem: str, table: pa.Table) -> None:
        rel = f"{source}/{stem}{EXTENSIONS[self.file_format]}"
        table, defects = plant_defects(
            table, source, rel, self.defect_rate, stream(self.seed, "defects", rel)
        )
        write_file(table, self.out / rel, self.file_format, self.encodings.get(source, "utf-8"))
        self.rows[source] += table.num_rows
        self.files.append(rel)
        self.defects.extend(defects)
        if self.months and source not in SNAPSHOT_SOURCES:
            written = sum(1 for name in self.files if name.startswith(source + "/"))
            self.progress(
                f"{source}: file {written}/{self.months}, {_count(self.rows[source])} rows"
            )
