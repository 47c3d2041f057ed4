"""The whole dbt project on DuckDB, PostgreSQL and Spark: it builds and passes every data and
unit test on each engine, and the marts of all three agree on one generated data set.

Each engine gets the same landing files through its own raw store, then `dbt build` (seeds,
models, data tests, unit tests) with the same as-of date; every relation of the marts and
data_quality schemas is exported and compared with DuckDB's (orchestration/engine_compare.py:
rows in any order, doubles to 1e-9 relative, load times not compared). Then later files
re-deliver 15 transactions with new amounts (and add 5), 15 balances and 15 survey answers with
new values, and the incremental base models of those sources and all downstream are built
again incrementally (each engine's own strategy, through partition_replace_config) and
compared again.

Engines: CX_TEST_ENGINES (default "postgres spark"). An engine that is not reachable is
skipped on a workstation and fails the run in CI (CI=true), so CI cannot pass without it.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import os
import shutil
import subprocess
import sys
import time
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd
import pytest

from orchestration.engine_compare import compare_exports
from orchestration.settings import REPO_ROOT
from tests.conftest import skip_or_fail, spark_missing

pytestmark = [pytest.mark.slow, pytest.mark.engines]

AGREEMENT_SCALE = ["--customers", "400", "--months", "4", "--seed", "11", "--defect-rate", "0.01"]
AS_OF_DATE = "2025-05-01"
ENGINES_UNDER_TEST = os.environ.get("CX_TEST_ENGINES", "postgres spark").split()


def _run(args: list[str], env: dict[str, str], what: str) -> float:
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    assert completed.returncode == 0, (
        f"{what} failed ({completed.returncode}):\n{completed.stdout[-6000:]}\n"
        f"{completed.stderr[-4000:]}"
    )
    print(f"{what}: {seconds:.1f} s")
    return seconds


def _postgres_admin():
    """The CX_PG_* server, connected to its maintenance database."""
    from orchestration.ingestion.postgres_store import PostgresSettings

    return dataclasses.replace(PostgresSettings.from_env(), database="postgres")


def _unavailable(engine: str) -> str | None:
    """Why an engine cannot be used here, or None."""
    if engine == "postgres":
        try:
            with _postgres_admin().connect(connect_timeout=5):
                return None
        except Exception as error:  # any failure to connect means no server
            return f"no PostgreSQL server ({error}); `make postgres` starts one"
    if engine == "spark":
        return spark_missing()
    return f"unknown engine {engine}"


def _require(engine: str) -> None:
    reason = _unavailable(engine)
    if reason is None:
        return
    skip_or_fail(f"{engine}: {reason}")


def _engine_env(engine: str, root: Path) -> dict[str, str]:
    env = {**os.environ, "CX_PII_SALT": "cx-demo-salt"}
    env["CX_LANDING_ROOT"] = str(root / engine / "landing")
    env["CX_DUCKDB_PATH"] = str(root / "duckdb" / "cx.duckdb")
    if engine == "postgres":
        env["CX_PG_DATABASE"] = "cx_agreement"
    if engine == "spark":
        env["CX_SPARK_WAREHOUSE"] = str(root / "spark" / "warehouse")
        env["CX_SPARK_METASTORE"] = str(root / "spark" / "metastore_db")
    return env


def _fresh_engine(engine: str, env: dict[str, str]) -> None:
    if engine == "postgres":
        with _postgres_admin().connect() as con:
            con.execute(f"drop database if exists {env['CX_PG_DATABASE']}")
            con.execute(f"create database {env['CX_PG_DATABASE']}")


REDELIVERED_ROWS = 15  # rows of a source's last file that a later file delivers again


def _later_file(landing: Path, source: str, redeliver, added=lambda rows: []) -> Path:
    """A later file of a source: the first REDELIVERED_ROWS rows of its last file delivered
    again, changed by `redeliver` (they must replace the earlier rows), then `added` rows."""
    last = sorted((landing / source).glob(f"{source}_*.csv"))[-1]
    with open(last, newline="", encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    columns = {name: position for position, name in enumerate(header)}
    redelivered = [redeliver(list(row), columns) for row in rows[:REDELIVERED_ROWS]]
    later = last.with_name(f"{last.stem}-30.csv")
    with open(later, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([header, *redelivered, *added(rows)])
    return later


def _number(text: str) -> Decimal | None:
    """The landed text as a number, or None (an empty or defective value is left as landed)."""
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _raised(column: str):
    """A re-delivery with the column's amount raised by 1."""

    def redeliver(row: list[str], columns: dict[str, int]) -> list[str]:
        amount = _number(row[columns[column]])
        if amount is not None:
            row[columns[column]] = f"{amount + 1:.2f}"
        return row

    return redeliver


@functools.cache
def _question_scales() -> dict[str, tuple[Decimal, Decimal]]:
    with open(REPO_ROOT / "seeds" / "survey_questions.csv", newline="", encoding="utf-8") as f:
        questions = list(csv.DictReader(f))
    return {
        question["question_code"]: (Decimal(question["scale_min"]), Decimal(question["scale_max"]))
        for question in questions
        if question["scale_min"]
    }


def _corrected_answer(row: list[str], columns: dict[str, int]) -> list[str]:
    """A re-delivered answer: a score mirrored within its question's scale, else the text
    amended."""
    score = _number(row[columns["answer_numeric"]])
    scale = _question_scales().get(row[columns["question_code"]])
    if score is not None and scale is not None:
        row[columns["answer_numeric"]] = str(scale[0] + scale[1] - score)
    else:
        row[columns["answer_text"]] += " (corrected)"
    return row


def write_redelivery(landing: Path) -> list[Path]:
    """Later files: 15 transactions of the last month with the amount raised by 1 and 5 new
    transactions; 15 balances of the last month with the deposit raised by 1; 15 survey
    answers of the last month corrected. The re-delivered rows must replace the earlier ones."""
    return [
        _later_file(
            landing,
            "transactions",
            _raised("amount"),
            lambda rows: [[f"T9{number:09d}", *row[1:]] for number, row in enumerate(rows[-5:])],
        ),
        _later_file(landing, "balances", _raised("deposit_balance")),
        _later_file(landing, "survey_answers", _corrected_answer),
    ]


def build_and_export(engine: str, root: Path) -> tuple[Path, Path]:
    """Build an engine from the generated files, then land re-deliveries and build the
    incremental base models of their sources and everything downstream incrementally; export
    after each step."""
    env = _engine_env(engine, root)
    _fresh_engine(engine, env)
    shutil.copytree(root / "landing", root / engine / "landing")
    full, incremental = root / "export" / engine, root / "export" / f"{engine}-incremental"
    compare = ["orchestration.engine_compare"]
    vars_arg = f'{{as_of_date: "{AS_OF_DATE}"}}'
    load = (["orchestration.cli", "load"], {**env, "CX_DBT_TARGET": engine})

    _run(*load, f"{engine} load")
    _run(
        [*compare, "dbt", "--engine", engine, "--", "build", "--vars", vars_arg],
        env,
        f"{engine} build",
    )
    _run([*compare, "export", "--engine", engine, "--out", str(full)], env, f"{engine} export")

    write_redelivery(root / engine / "landing")
    _run(*load, f"{engine} load of a re-delivery")
    _run(
        [
            *compare,
            "dbt",
            "--engine",
            engine,
            "--",
            "build",
            "--select",
            "base_transactions__validated+",
            "base_balances__validated+",
            "base_survey_answers__validated+",
            "--vars",
            vars_arg,
        ],
        env,
        f"{engine} incremental build",
    )
    _run(
        [*compare, "export", "--engine", engine, "--out", str(incremental)],
        env,
        f"{engine} export after the incremental build",
    )
    return full, incremental


@pytest.fixture(scope="module")
def agreement_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("engines")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "orchestration.generator",
            *AGREEMENT_SCALE,
            "--out",
            str(root / "landing"),
        ],
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
    )
    return root


@pytest.fixture(scope="module")
def duckdb_exports(agreement_root: Path) -> tuple[Path, Path]:
    full, incremental = build_and_export("duckdb", agreement_root)
    # The re-delivery changed the marts: 5 more transactions, 15 earlier rows now rejects.
    before = pd.read_pickle(full / "marts.fct_transactions.pkl")
    after = pd.read_pickle(incremental / "marts.fct_transactions.pkl")
    assert len(after) == len(before) + 5
    assert compare_exports(full, incremental), "the incremental build changed nothing"
    return full, incremental


@pytest.mark.parametrize("engine", ENGINES_UNDER_TEST)
def test_engine_builds_and_agrees_with_duckdb(engine: str, agreement_root: Path, duckdb_exports):
    _require(engine)
    exports = build_and_export(engine, agreement_root)
    for step, duckdb_export, exported in zip(
        ("full build", "incremental build"), duckdb_exports, exports, strict=True
    ):
        relations = sorted(path.stem for path in duckdb_export.glob("*.pkl"))
        assert len(relations) >= 15, f"too few relations exported: {relations}"
        problems = compare_exports(duckdb_export, exported)
        for name in relations:
            print(f"{engine} vs duckdb after the {step}, {name}: {problems.get(name, 'same rows')}")
        assert not problems, f"{engine} differs from duckdb after the {step}: {problems}"
