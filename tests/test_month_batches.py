"""Full builds in month batches (macro full_build_month_batches, DuckDB): the activity and value
models built a month, or several months, per statement hold the same rows as the one-statement
build (var full_build_batch_months: 0), and the dbt log says how many batches ran."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from orchestration.dbt_command import dbt_executable
from orchestration.settings import REPO_ROOT
from tests.conftest import differing_rows

BATCHED_MODELS = ["int_customer_activity_monthly", "int_customer_value_monthly"]


def _full_build(warehouse: Path, target_path: Path, months_per_batch: int) -> dict[str, int]:
    """Full-refresh the batched models of a warehouse copy; the batches each model ran in,
    from the log (a model built in one statement logs none)."""
    completed = subprocess.run(
        [
            dbt_executable(),
            "run",
            "--full-refresh",
            "--target-path",
            str(target_path),
            "--select",
            *BATCHED_MODELS,
            "--vars",
            f"{{full_build_batch_months: {months_per_batch}}}",
        ],
        cwd=REPO_ROOT,
        env={**os.environ, "CX_DUCKDB_PATH": str(warehouse)},
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    return {
        model: int(batches)
        for model, batches in re.findall(
            r"(\w+): full build in (\d+) month batches", completed.stdout
        )
    }


@pytest.mark.parametrize("months_per_batch", [1, 5])
def test_month_batches_equal_one_statement(built_warehouse, tmp_path, months_per_batch):
    months = {}
    with built_warehouse.connect() as con:
        for model in BATCHED_MODELS:
            months[model] = con.sql(
                f"select count(distinct month_start) from intermediate.{model}"
            ).fetchall()[0][0]
    assert min(months.values()) > months_per_batch, "too few months to batch"

    single, batched = tmp_path / "single.duckdb", tmp_path / "batched.duckdb"
    shutil.copy2(built_warehouse.duckdb_path, single)
    shutil.copy2(built_warehouse.duckdb_path, batched)
    assert _full_build(single, tmp_path / "target_single", 0) == {}
    batches = _full_build(batched, tmp_path / "target_batched", months_per_batch)

    # the batches cover the months of the transactions (one more at each open end, at most)
    for model in BATCHED_MODELS:
        assert batches[model] >= -(-months[model] // months_per_batch), batches

    with duckdb.connect(str(batched), read_only=True) as con:
        con.execute(f"attach '{single}' as single_statement (read_only)")
        for model in BATCHED_MODELS:
            relation = f"intermediate.{model}"
            assert con.sql(f"select count(*) from {relation}").fetchall()[0][0] > 0
            assert differing_rows(con, relation, f"single_statement.{relation}") == 0, model
