"""`cx-warehouse`: the command line of the project.

cx-warehouse demo      generate sample data, then run the refresh job end to end
cx-warehouse refresh   run the refresh job on what is in the landing root
cx-warehouse load      load the landing root into the raw layer of CX_DBT_TARGET (no dbt)
cx-warehouse generate  write sample landing data (see --help)
cx-warehouse query     run one SQL statement against the published (read-only) copy
cx-warehouse pack      write the monthly management pack (HTML report and Excel workbook)
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

from orchestration.settings import Settings

DEMO_MARKER = ".cx-demo-data"


def _say(message: str) -> None:
    print(message, flush=True)


def run_refresh(settings: Settings) -> bool:
    """Execute the refresh job in this process; True when every step succeeded."""
    os.environ["CX_LANDING_ROOT"] = str(settings.landing_root)
    os.environ["CX_DUCKDB_PATH"] = str(settings.duckdb_path)
    import dagster as dg

    from orchestration.definitions import defs

    run_config = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}
    instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else None
    job = defs.resolve_job_def("refresh_warehouse")
    started = time.perf_counter()
    if instance is None:
        with dg.DagsterInstance.ephemeral() as ephemeral:
            result = job.execute_in_process(
                run_config=run_config, instance=ephemeral, raise_on_error=False
            )
    else:
        result = job.execute_in_process(
            run_config=run_config, instance=instance, raise_on_error=False
        )
    seconds = time.perf_counter() - started
    if not result.success:
        _say(f"\nRefresh FAILED after {seconds:.1f} s:")
        for event in result.all_events:
            if event.is_step_failure and event.step_failure_data:
                error = event.step_failure_data.error
                user_error = error.cause if error and error.cause else error
                _say(f"- step {event.step_key}: {user_error.message.strip() if user_error else ''}")
        return False
    _say(f"\nRefresh succeeded in {seconds:.1f} s.")
    return True


def print_summary(settings: Settings) -> None:
    """Where the warehouse is, what reconciled, and how to query it."""
    import duckdb

    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        tables = con.execute(
            "select table_schema, count(*) from information_schema.tables "
            "where table_schema in ('raw', 'staging', 'marts', 'data_quality', 'reference') "
            "group by 1 order by 1"
        ).fetchall()
        reconciliation = con.execute(
            "select source_name, sum(rows_in_file), sum(rows_staged), sum(rows_rejected), "
            "bool_and(is_reconciled) from data_quality.dq_load_reconciliation "
            "group by 1 order by 1"
        ).fetchall()
    _say(f"\nWarehouse (written by refreshes only): {settings.duckdb_path}")
    _say(f"Published copy for BI tools and analysts: {settings.published_path}")
    _say("Relations: " + ", ".join(f"{schema} {count}" for schema, count in tables))
    _say("\nLoad reconciliation (rows in = staged + rejected):")
    _say(f"  {'source':<18}{'rows in':>12}{'staged':>12}{'rejected':>10}  reconciled")
    for source, rows_in, staged, rejected, ok in reconciliation:
        _say(f"  {source:<18}{rows_in:>12,}{staged:>12,}{rejected:>10,}  {'yes' if ok else 'NO'}")
    _say(
        "\nQuery the published copy (safe while a refresh runs; it is swapped in atomically at "
        "the end of each successful refresh):\n"
        '  uv run cx-warehouse query "select tier, count(*) from marts.dim_customers group by 1"\n'
        f"  python -c \"import duckdb; print(duckdb.connect('{settings.published_path}', "
        "read_only=True).sql('select * from marts.fct_transactions limit 5'))\"\n"
        "Rejected rows and their reasons: data_quality.dq_rejected_rows\n"
        "Dagster UI with the whole graph: make dev"
    )


def write_pack(settings: Settings, month: str | None, lang: str, out: Path | None) -> list[Path]:
    """Build the pack from the published copy; the paths written (HTML, then Excel)."""
    from orchestration.pack import build_pack, default_pack_dir

    written = build_pack(
        settings.published_path, month, lang=lang, out=out or default_pack_dir(settings)
    )
    return [written.html, written.workbook]


def _prepare_demo_landing(landing_root: Path) -> None:
    if landing_root.exists() and any(landing_root.iterdir()):
        if not (landing_root / DEMO_MARKER).exists():
            raise SystemExit(
                f"{landing_root} holds files that the demo did not write; refusing to overwrite "
                "them. Point CX_LANDING_ROOT elsewhere for the demo."
            )
        shutil.rmtree(landing_root)
    landing_root.mkdir(parents=True, exist_ok=True)
    (landing_root / DEMO_MARKER).write_text("written by `cx-warehouse demo`\n", encoding="utf-8")


def command_demo(args: argparse.Namespace) -> int:
    from orchestration.generator import generate

    settings = Settings.from_env()
    _say(f"1/2 Generating sample data into {settings.landing_root}")
    _prepare_demo_landing(settings.landing_root)
    if settings.duckdb_path.exists():
        settings.duckdb_path.unlink()  # the demo builds a warehouse of its own from scratch
    summary = generate(
        customers=args.customers,
        months=args.months,
        seed=args.seed,
        out=settings.landing_root,
        truth=settings.landing_root.parent / "truth",
        defect_rate=args.defect_rate,
        progress=_say,
    )
    total = sum(summary.rows.values())
    _say(f"    {total:,} rows in {summary.seconds:.1f} s")
    _say("2/2 Running the refresh job (ingestion, dbt build with tests)")
    if not run_refresh(settings):
        return 1
    print_summary(settings)
    from orchestration.pack import PackError

    try:
        paths = write_pack(settings, None, "en", None)
    except PackError as error:
        _say(f"\nNo management pack written: {error}")
        return 0
    _say("\nMonthly management pack (latest complete month; `cx-warehouse pack --help`):")
    for path in paths:
        _say(f"  {path}")
    return 0


def command_refresh(_: argparse.Namespace) -> int:
    settings = Settings.from_env()
    if not run_refresh(settings):
        return 1
    print_summary(settings)
    return 0


def command_load(_: argparse.Namespace) -> int:
    """Load every landing source into the raw store of the dbt target (CX_DBT_TARGET); dbt
    build is a separate step. Fails when a file could not be loaded."""
    from orchestration.contract import load_contracts
    from orchestration.engines import current_target, open_raw_store
    from orchestration.ingestion.loader import ensure_raw_layer, load_source
    from orchestration.settings import LANDING_SOURCES

    settings = Settings.from_env()
    contracts = load_contracts(settings.dbt_project_dir)
    failed = 0
    with open_raw_store() as store:
        ensure_raw_layer(store, list(contracts.values()))
        for source in LANDING_SOURCES:
            result = load_source(
                store, contracts[source], settings.landing_root, settings.encoding_for(source)
            )
            failed += len(result.failed)
            _say(
                f"{source}: {len(result.loaded)} file(s) loaded, {len(result.skipped)} skipped, "
                f"{len(result.failed)} failed, {result.rows_loaded:,} rows "
                f"({result.seconds:.1f} s)"
            )
            for file in result.failed:
                _say(f"  - {file.error}")
    _say(f"raw layer of target {current_target()}: {'FAILED' if failed else 'loaded'}")
    return 1 if failed else 0


def command_query(args: argparse.Namespace) -> int:
    import duckdb

    settings = Settings.from_env()
    path = settings.duckdb_path if args.warehouse else settings.published_path
    if not path.exists():
        _say(f"{path} does not exist yet: run a refresh (make refresh) first.")
        return 1
    with duckdb.connect(str(path), read_only=True) as con:
        con.sql(args.sql).show(max_rows=args.max_rows)
    return 0


def command_pack(args: argparse.Namespace) -> int:
    from orchestration.pack import PackError

    settings = Settings.from_env()
    try:
        paths = write_pack(settings, args.month, args.lang, args.out)
    except PackError as error:
        _say(f"error: {error}")
        return 1
    for path in paths:
        _say(str(path))
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["generate"]:
        from orchestration.generator import main as generator_main

        return generator_main(argv[1:])
    parser = argparse.ArgumentParser(prog="cx-warehouse", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="generate sample data and run the refresh job")
    demo.add_argument("--customers", type=int, default=5000)
    demo.add_argument("--months", type=int, default=13)
    demo.add_argument("--seed", type=int, default=42)
    demo.add_argument(
        "--defect-rate", type=float, default=0.001, help="share of rows with a planted defect"
    )
    demo.set_defaults(handler=command_demo)
    commands.add_parser("refresh", help="run the refresh job").set_defaults(handler=command_refresh)
    commands.add_parser("generate", help="write sample landing data (see generate --help)")
    commands.add_parser(
        "load", help="load the landing root into the raw layer of CX_DBT_TARGET (no dbt)"
    ).set_defaults(handler=command_load)
    query = commands.add_parser("query", help="run one SQL statement read-only")
    query.add_argument("sql")
    query.add_argument("--max-rows", type=int, default=40)
    query.add_argument(
        "--warehouse",
        action="store_true",
        help="read the working warehouse file (every schema) instead of the published copy; "
        "fails while a refresh holds it",
    )
    query.set_defaults(handler=command_query)
    pack = commands.add_parser(
        "pack", help="write the monthly management pack from the published copy"
    )
    pack.add_argument("--month", help="YYYY-MM (default: the latest complete month in the marts)")
    pack.add_argument("--lang", choices=["en", "zh"], default="en", help="label language")
    pack.add_argument(
        "--out",
        type=Path,
        help="folder to write into (default: packs/ beside the published copy)",
    )
    pack.set_defaults(handler=command_pack)
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    raise SystemExit(main())
