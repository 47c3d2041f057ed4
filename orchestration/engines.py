"""The same warehouse on DuckDB, PostgreSQL or Spark: load raw, run dbt, export and compare marts.

`CX_DBT_TARGET` (profiles.yml) picks the engine dbt builds on; this module gives the Python side
the same choice, so a bank can land files, build and read its marts on any of the three:

    python -m orchestration.engines load --engine postgres --landing data/landing
    python -m orchestration.engines dbt --engine postgres -- build
    python -m orchestration.engines export --engine postgres --out data/export/postgres
    python -m orchestration.engines compare data/export/duckdb data/export/postgres

Each command runs in its own process on purpose: Spark's embedded metastore admits one process
at a time, so loading, building and exporting must not overlap.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from orchestration.contract import load_contracts
from orchestration.dbt_project import dbt_executable
from orchestration.ingestion.loader import SourceLoad, ensure_raw_layer, load_source
from orchestration.ingestion.raw_store import RawStore
from orchestration.settings import LANDING_SOURCES, REPO_ROOT, Settings

ENGINES: tuple[str, ...] = ("duckdb", "postgres", "spark")
# Schemas whose relations the engines must agree on: every BI-facing mart and the rejected rows.
COMPARED_SCHEMAS: tuple[str, ...] = ("marts", "data_quality")
# Columns that record when a file was loaded: they differ between any two loads by design.
LOAD_TIME_COLUMNS: frozenset[str] = frozenset({"loaded_at", "_loaded_at"})
# Doubles agree to this relative tolerance: engines sum floating point in different orders.
FLOAT_RELATIVE_TOLERANCE = 1e-9


def check_engine(engine: str) -> str:
    if engine not in ENGINES:
        raise ValueError(f"unknown engine '{engine}': expected one of {', '.join(ENGINES)}")
    return engine


@contextmanager
def open_raw_store(engine: str, settings: Settings | None = None) -> Iterator[RawStore]:
    """The raw layer of one engine, opened for writing (closed on exit)."""
    settings = settings or Settings.from_env()
    check_engine(engine)
    if engine == "duckdb":
        import duckdb

        from orchestration.ingestion.raw_store import DuckDBRawStore

        settings.duckdb_path.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(settings.duckdb_path), config=settings.duckdb_config)
        try:
            yield DuckDBRawStore(con)
        finally:
            con.close()
    elif engine == "postgres":
        from orchestration.ingestion.postgres_store import open_postgres_store

        with open_postgres_store() as store:
            yield store
    else:
        from orchestration.ingestion.spark_store import open_spark_store

        with open_spark_store() as store:
            yield store


def load_landing(engine: str, landing_root: Path, settings: Settings | None = None) -> list:
    """Load every new landing file of every source into the engine's raw layer."""
    settings = settings or Settings.from_env()
    contracts = load_contracts(settings.dbt_project_dir)
    results: list[SourceLoad] = []
    with open_raw_store(engine, settings) as store:
        ensure_raw_layer(store, list(contracts.values()))
        for source in LANDING_SOURCES:
            results.append(
                load_source(
                    store,
                    contracts[source],
                    landing_root,
                    encoding=settings.encoding_for(source),
                )
            )
    return results


def dbt_environment(engine: str) -> dict[str, str]:
    return {
        **os.environ,
        "CX_DBT_TARGET": check_engine(engine),
        "DBT_PROFILES_DIR": str(REPO_ROOT),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }


def engine_target_path(engine: str) -> Path:
    return REPO_ROOT / "target" / "engines" / check_engine(engine)


def run_dbt(engine: str, args: list[str], target_path: Path | None = None):
    """Run a dbt command on an engine; each engine keeps its own target and log folders, so
    builds on two engines never share compiled files."""
    target_path = target_path or engine_target_path(engine)
    command = [
        dbt_executable(),
        *args,
        "--target-path",
        str(target_path),
        "--log-path",
        str(target_path / "logs"),
    ]
    return subprocess.run(
        command, cwd=REPO_ROOT, env=dbt_environment(engine), capture_output=True, text=True
    )


@dataclass(frozen=True)
class Relation:
    schema: str
    name: str


def compared_relations(manifest_path: Path) -> list[Relation]:
    """The tables of the compared schemas, from a dbt manifest."""
    manifest = json.loads(manifest_path.read_text())
    relations = set()
    for node in manifest["nodes"].values():
        if node["resource_type"] == "model" and node["schema"] in COMPARED_SCHEMAS:
            relations.add(Relation(node["schema"], node["alias"]))
    return sorted(relations, key=lambda relation: (relation.schema, relation.name))


def _fetch_duckdb(relations: list[Relation], settings: Settings) -> Iterator[tuple]:
    import duckdb

    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        for relation in relations:
            yield relation, con.execute(f"select * from {relation.schema}.{relation.name}").df()


def _fetch_postgres(relations: list[Relation]) -> Iterator[tuple]:
    from orchestration.ingestion.postgres_store import postgres_connect

    with postgres_connect() as con, con.cursor() as cursor:
        for relation in relations:
            cursor.execute(f'select * from "{relation.schema}"."{relation.name}"')
            columns = [column.name for column in cursor.description]
            yield relation, pd.DataFrame(cursor.fetchall(), columns=columns)


def _fetch_spark(relations: list[Relation]) -> Iterator[tuple]:
    from orchestration.spark_session import spark_session

    with spark_session() as spark:
        for relation in relations:
            frame = spark.table(f"{relation.schema}.{relation.name}")
            yield relation, pd.DataFrame(frame.collect(), columns=frame.columns)


def export_marts(engine: str, out_dir: Path, manifest_path: Path) -> list[Relation]:
    """Write every compared relation of an engine to <out_dir>/<schema>.<name>.pkl."""
    relations = compared_relations(manifest_path)
    out_dir.mkdir(parents=True, exist_ok=True)
    check_engine(engine)
    if engine == "duckdb":
        fetched = _fetch_duckdb(relations, Settings.from_env())
    elif engine == "postgres":
        fetched = _fetch_postgres(relations)
    else:
        fetched = _fetch_spark(relations)
    for relation, frame in fetched:
        normalise(frame).to_pickle(out_dir / f"{relation.schema}.{relation.name}.pkl")
    return relations


def _normal_value(value):
    """One engine-neutral Python value: Decimal -> float, numpy scalars -> Python, NaN -> None,
    timestamps without time zone, dates as dates."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "tzinfo") and getattr(value, "tzinfo", None) is not None:
        value = value.replace(tzinfo=None)
    return value


def normalise(frame: pd.DataFrame) -> pd.DataFrame:
    """Lower-case column names, drop load-time columns, engine-neutral values (object dtype)."""
    frame = frame.rename(columns=str.lower)
    frame = frame.drop(columns=[name for name in frame.columns if name in LOAD_TIME_COLUMNS])
    return pd.DataFrame(
        {name: [_normal_value(value) for value in frame[name]] for name in frame.columns},
        columns=list(frame.columns),
        dtype=object,
    )


def _sort_key(row: tuple) -> tuple:
    key = []
    for value in row:
        if isinstance(value, float):
            value = float(f"{value:.6g}")
        key.append((value is None, type(value).__name__, "" if value is None else value))
    return tuple(key)


def _same(left, right) -> bool:
    if isinstance(left, int | float) and isinstance(right, int | float):
        if isinstance(left, bool) or isinstance(right, bool):
            return left == right
        return math.isclose(left, right, rel_tol=FLOAT_RELATIVE_TOLERANCE, abs_tol=1e-9)
    return left == right


def compare_frames(left: pd.DataFrame, right: pd.DataFrame) -> str | None:
    """None when the two relations hold the same rows (in any order), else what differs."""
    if sorted(left.columns) != sorted(right.columns):
        only_left = sorted(set(left.columns) - set(right.columns))
        only_right = sorted(set(right.columns) - set(left.columns))
        return f"columns differ: only left {only_left}, only right {only_right}"
    columns = sorted(left.columns)
    if len(left) != len(right):
        return f"row counts differ: {len(left)} vs {len(right)}"
    left_rows = sorted(left[columns].itertuples(index=False, name=None), key=_sort_key)
    right_rows = sorted(right[columns].itertuples(index=False, name=None), key=_sort_key)
    for number, (a, b) in enumerate(zip(left_rows, right_rows, strict=True), start=1):
        differing = [
            f"{name}: {x!r} vs {y!r}"
            for name, x, y in zip(columns, a, b, strict=True)
            if not _same(x, y)
        ]
        if differing:
            return f"sorted row {number} differs: {'; '.join(differing[:5])}"
    return None


def compare_exports(left_dir: Path, right_dir: Path) -> dict[str, str]:
    """Relation name -> what differs, for every relation exported to either folder."""
    names = sorted({path.stem for path in [*left_dir.glob("*.pkl"), *right_dir.glob("*.pkl")]})
    problems = {}
    for name in names:
        left_file, right_file = left_dir / f"{name}.pkl", right_dir / f"{name}.pkl"
        if not left_file.exists() or not right_file.exists():
            problems[name] = "exported by one engine only"
            continue
        problem = compare_frames(pd.read_pickle(left_file), pd.read_pickle(right_file))
        if problem:
            problems[name] = problem
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m orchestration.engines", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    load = commands.add_parser("load", help="load new landing files into an engine's raw layer")
    load.add_argument("--engine", choices=ENGINES, required=True)
    load.add_argument("--landing", type=Path, default=None, help="default: CX_LANDING_ROOT")
    dbt = commands.add_parser("dbt", help="run dbt on an engine (arguments after --)")
    dbt.add_argument("--engine", choices=ENGINES, required=True)
    dbt.add_argument("dbt_args", nargs=argparse.REMAINDER)
    export = commands.add_parser("export", help="write an engine's marts to pickled frames")
    export.add_argument("--engine", choices=ENGINES, required=True)
    export.add_argument("--out", type=Path, required=True)
    export.add_argument(
        "--manifest", type=Path, default=None, help="default: the engine's own dbt target folder"
    )
    compare = commands.add_parser("compare", help="compare two exports; exit 1 when they differ")
    compare.add_argument("left", type=Path)
    compare.add_argument("right", type=Path)
    args = parser.parse_args(argv)

    if args.command == "load":
        settings = Settings.from_env()
        landing = args.landing.resolve() if args.landing else settings.landing_root
        failed = 0
        for result in load_landing(args.engine, landing, settings):
            print(
                f"{args.engine} raw.{result.source}: {len(result.loaded)} file(s) loaded, "
                f"{result.rows_loaded} rows, {len(result.skipped)} skipped, "
                f"{len(result.failed)} failed"
            )
            for file in result.failed:
                print(f"  {file.error}", file=sys.stderr)
            failed += len(result.failed)
        return 1 if failed else 0
    if args.command == "dbt":
        dbt_args = [arg for arg in args.dbt_args if arg != "--"]
        completed = run_dbt(args.engine, dbt_args)
        sys.stdout.write(completed.stdout)
        sys.stderr.write(completed.stderr)
        return completed.returncode
    if args.command == "export":
        manifest = args.manifest or engine_target_path(args.engine) / "manifest.json"
        relations = export_marts(args.engine, args.out, manifest)
        print(f"{args.engine}: exported {len(relations)} relations to {args.out}")
        return 0
    problems = compare_exports(args.left, args.right)
    for name, problem in problems.items():
        print(f"{name}: {problem}")
    print(f"{len(problems)} relation(s) differ")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
