"""Long runs say how far they are: the generator per file written, ingestion per file loaded."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from orchestration.contract import load_contracts
from orchestration.generator import generate
from orchestration.ingestion import load_source
from orchestration.ingestion.loader import ensure_raw_layer


def test_generator_and_ingestion_report_files_and_rows(tmp_path: Path):
    said: list[str] = []
    landing = tmp_path / "landing"
    summary = generate(customers=150, months=3, seed=3, out=landing, progress=said.append)
    lines = [line for line in said if line.startswith("transactions: file")]
    assert [line.split(",")[0] for line in lines] == [
        "transactions: file 1/3",
        "transactions: file 2/3",
        "transactions: file 3/3",
    ]
    last = re.search(r"file 3/3, ([\d,]+) rows", lines[-1])
    assert last and int(last.group(1).replace(",", "")) == summary.rows["transactions"]

    contracts = load_contracts()
    logged: list[str] = []
    with duckdb.connect(str(tmp_path / "wh.duckdb")) as con:
        ensure_raw_layer(con, list(contracts.values()))
        result = load_source(con, contracts["transactions"], landing, log=logged.append)
    progress = [line for line in logged if line.startswith("transactions: file")]
    assert [line.split(",")[0] for line in progress] == [
        "transactions: file 1/3",
        "transactions: file 2/3",
        "transactions: file 3/3",
    ]
    assert progress[-1].endswith(f"{result.rows_loaded:,} rows so far")
