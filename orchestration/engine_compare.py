"""Compare one engine's marts with another's: build, export and compare on any dbt target.

The engine-agreement test (tests/engines/test_engine_agreement.py) runs, per engine, in separate
processes (Spark's embedded metastore admits one process at a time):

    CX_DBT_TARGET=postgres cx-warehouse load
    python -m orchestration.engine_compare dbt --engine postgres -- build
    python -m orchestration.engine_compare export --engine postgres --out data/export/postgres
    python -m orchestration.engine_compare compare data/export/duckdb data/export/postgres

`compare` finds the relations whose rows differ: in any order, doubles to 1e-9 relative (engines
add floating point in different orders), load times not compared.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from orchestration.dbt_command import dbt_executable
from orchestration.engines import ENGINES, fetch_relation
from orchestration.settings import REPO_ROOT

# Schemas whose relations the engines must agree on: every BI-facing mart and the rejected rows.
COMPARED_SCHEMAS: tuple[str, ...] = ("marts", "data_quality")
# Columns that record when a file was loaded or which dbt run wrote a row: they differ between
# any two loads or builds by design.
RUN_METADATA_COLUMNS: frozenset[str] = frozenset(
    {"loaded_at", "_loaded_at", "_invocation_id", "_written_at"}
)
# Doubles agree to this relative tolerance: engines sum floating point in different orders.
FLOAT_RELATIVE_TOLERANCE = 1e-9


def check_engine(engine: str) -> str:
    if engine not in ENGINES:
        raise ValueError(f"unknown engine '{engine}': expected one of {', '.join(ENGINES)}")
    return engine


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


def export_marts(engine: str, out_dir: Path, manifest_path: Path) -> list[Relation]:
    """Write every compared relation of an engine to <out_dir>/<schema>.<name>.pkl."""
    relations = compared_relations(manifest_path)
    out_dir.mkdir(parents=True, exist_ok=True)
    check_engine(engine)
    for relation in relations:
        frame = fetch_relation(engine, relation.schema, relation.name)
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
    """Lower-case column names, drop run-metadata columns, engine-neutral values (object dtype)."""
    frame = frame.rename(columns=str.lower)
    frame = frame.drop(columns=[name for name in frame.columns if name in RUN_METADATA_COLUMNS])
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
    parser = argparse.ArgumentParser(
        prog="python -m orchestration.engine_compare", description=__doc__
    )
    commands = parser.add_subparsers(dest="command", required=True)
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
