"""`make bench`: how long each stage of a refresh takes and how much memory it needs, by scale.

For each scale (customers x months of generated data) it runs the stages below. The stages of
a refresh (ingest to publish) run one after the other in one process, as the refresh job runs
its steps (Dagster's in-process executor): each stage's wall time runs from the end of the one
before (the first one's from the process start, so it carries the imports), and its peak
memory is the largest total resident set of that process and its children (dbt) sampled
every 0.1 s while it ran. Generation, the pack and the baseline scan run in processes of
their own.

    generate       the sample-data generator (Parquet landing files)
    ingest         every landing file into raw (the code the raw/<source> assets run)
    raw_checks     the Great Expectations suites of the raw sources
    dbt_build      the refresh's `dbt build` (seeds, models, data tests; REFRESH_BUILD_ARGS);
                   per-model times from run_results.json
    mart_checks    the Great Expectations suites of the marts
    publish        the read-only published copy
    pack           the monthly management pack (HTML and Excel, English) of the latest
                   complete month, from the published copy, in a process of its own as
                   `cx-warehouse pack` runs
    baseline_scan  one DuckDB group-by of fct_transactions by customer and month: the floor
                   any build must pay to read the facts once
    incremental    one more day of transactions lands; ingest + dbt build + checks again:
                   first an ordinary day (the 10% target is judged on it), then a month-end
                   day (every account's interest and fee postings, some 28x the rows)

then prints a table per scale, the scales side by side per dbt model (a model whose time grows
faster than its input stands out), and writes every figure to <out>/bench.json.

    uv run python -m orchestration.bench --customers 100000 1000000 --months 12 --out data/bench
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from pathlib import Path

from orchestration.settings import LANDING_SOURCES, REPO_ROOT

# the stages of a refresh, run in one process (run_refresh), as the refresh job runs them
REFRESH_WORKER_STAGES = ("ingest", "raw_checks", "dbt_build", "mart_checks", "publish")
# the file where the refresh process notes the end of each stage (time.monotonic, which the
# benchmark's process reads on the same clock)
STAGE_CLOCK = "stage_clock.jsonl"
# the dbt build's target directory in the workdir (run_results.json, manifest.json)
DBT_TARGET = "dbt_target"


@dataclass
class StageFigure:
    stage: str
    seconds: float
    peak_rss_mib: float
    detail: dict = field(default_factory=dict)


@dataclass
class ScaleRun:
    customers: int
    months: int
    rows: dict[str, int] = field(default_factory=dict)
    stages: list[StageFigure] = field(default_factory=list)
    incremental: list[StageFigure] = field(default_factory=list)  # an ordinary day
    month_end: list[StageFigure] = field(default_factory=list)  # then a month-end day
    dbt_models: dict[str, float] = field(default_factory=dict)
    # the landing sources each model reads, directly or through the models it reads
    dbt_model_sources: dict[str, list[str]] = field(default_factory=dict)
    incremental_dbt_models: dict[str, float] = field(default_factory=dict)
    month_end_dbt_models: dict[str, float] = field(default_factory=dict)

    def figures(self, day: str | None = None) -> list[StageFigure]:
        """The full refresh's stages, or those of the one-day refresh of `day` (ONE_DAY_KINDS)."""
        return {None: self.stages, "ordinary": self.incremental, "month_end": self.month_end}[day]

    def seconds(self, stage: str, day: str | None = None) -> float:
        return sum(figure.seconds for figure in self.figures(day) if figure.stage == stage)


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# the packages whose start-up every stage's process pays
STARTUP_PACKAGES = ("duckdb", "pandas", "great_expectations", "dbt", "dagster")


def packages_without_bytecode(packages: tuple[str, ...] = STARTUP_PACKAGES) -> list[str]:
    """The installed packages whose modules carry no compiled bytecode (`make install` compiles
    it: UV_COMPILE_BYTECODE=1). Where PYTHONDONTWRITEBYTECODE is set, each process would compile
    them again on import: some 4 s more for Great Expectations and 2 s for dbt in every stage,
    which a scheduled refresh, run from `make install`'s environment, does not pay."""
    import importlib.util

    missing = []
    for name in packages:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.origin or not spec.origin.endswith(".py"):
            continue
        if not Path(importlib.util.cache_from_source(spec.origin)).exists():
            missing.append(name)
    return missing


def _descendants(pid: int) -> list[int]:
    """The process and all its children, grandchildren, ... (from /proc)."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                pending.extend(int(child) for child in task.read_text().split())
            except OSError:
                continue
    return found


def _tree_rss_mib(pid: int) -> float:
    total_kib = 0
    for member in _descendants(pid):
        try:
            status = Path(f"/proc/{member}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total_kib += int(line.split()[1])
    return total_kib / 1024


def _measured(
    command: list[str], env: dict[str, str], log: Path, interval: float = 0.1
) -> tuple[float, float]:
    """Run a command; its wall seconds and the peak memory (MiB) of it and its children.

    Peak memory is the largest sum of resident set sizes over the process tree, sampled every
    `interval` seconds (getrusage's maxrss would count the memory of this process, which a
    child shares after fork, so it is not used).
    """
    started, finished, samples = _sampled_run(command, env, log, interval)
    return finished - started, max((rss for _, rss in samples), default=0.0)


def _sampled_run(
    command: list[str], env: dict[str, str], log: Path, interval: float
) -> tuple[float, float, list[tuple[float, float]]]:
    """Run a command; its start and end (time.monotonic) and (time, MiB) samples of the resident
    set of it and its children, every `interval` seconds."""
    samples: list[tuple[float, float]] = []
    started = time.monotonic()
    with open(log, "ab") as output:
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
        while process.poll() is None:
            samples.append((time.monotonic(), _tree_rss_mib(process.pid)))
            time.sleep(interval)
    finished = time.monotonic()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed; see {log}")
    return started, finished, samples


def _stage_spans(clock: Path, started: float, finished: float) -> list[tuple[str, float, float]]:
    """(stage, start, end) of each stage the clock file notes: a stage runs from the end of the
    one before (the first from `started`), the last to `finished` (the process's exit)."""
    ends = [json.loads(line) for line in clock.read_text(encoding="utf-8").splitlines() if line]
    spans, start = [], started
    for index, entry in enumerate(ends):
        end = finished if index == len(ends) - 1 else entry["ended"]
        spans.append((entry["stage"], start, end))
        start = end
    return spans


def _measured_stages(
    command: list[str], env: dict[str, str], log: Path, clock: Path, interval: float = 0.1
) -> list[tuple[str, float, float]]:
    """Run a command that runs stages one after the other and notes the end of each in `clock`
    (note_stage_end); (stage, wall seconds, peak MiB of the process tree while it ran) of each."""
    clock.unlink(missing_ok=True)
    started, finished, samples = _sampled_run(command, env, log, interval)
    figures = []
    for stage, start, end in _stage_spans(clock, started, finished):
        peak = max((rss for at, rss in samples if start <= at < end), default=0.0)
        figures.append((stage, end - start, peak))
    return figures


def note_stage_end(clock: Path, stage: str) -> None:
    with open(clock, "a", encoding="utf-8") as notes:
        notes.write(json.dumps({"stage": stage, "ended": time.monotonic()}) + "\n")


def _refresh_command(stages: tuple[str, ...], workdir: Path) -> list[str]:
    return [sys.executable, "-m", "orchestration.bench", "refresh", "--dir", str(workdir), *stages]


def _stage_command(stage: str, workdir: Path) -> list[str]:
    return [sys.executable, "-m", "orchestration.bench", "stage", stage, "--dir", str(workdir)]


def _environment(workdir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "CX_LANDING_ROOT": str(workdir / "landing"),
        "CX_DUCKDB_PATH": str(workdir / "cx.duckdb"),
        "CX_PUBLISHED_PATH": str(workdir / "cx.published.duckdb"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }


# ---------------------------------------------------------------- stages (in a child process)


def _connect(workdir: Path):
    import duckdb

    from orchestration.settings import Settings

    return duckdb.connect(str(workdir / "cx.duckdb"), config=Settings.from_env().duckdb_config)


def stage_ingest(workdir: Path) -> dict:
    from orchestration.contract import load_contracts
    from orchestration.ingestion import load_source
    from orchestration.ingestion.loader import ensure_raw_layer

    contracts = load_contracts()
    loaded = {}
    with _connect(workdir) as con:
        ensure_raw_layer(con, list(contracts.values()))
        for source in LANDING_SOURCES:
            result = load_source(con, contracts[source], workdir / "landing", encoding="utf-8")
            if result.failed:
                raise RuntimeError(f"{source}: {[str(file.error) for file in result.failed]}")
            loaded[source] = result.rows_loaded
    return {"rows_loaded": loaded}


def _run_suites(workdir: Path, paths: list[Path]) -> dict:
    from orchestration.quality.gx_runner import load_suite_spec, record_accepted, run_suite

    outcomes = {}
    with _connect(workdir) as con:
        for path in paths:
            run = run_suite(load_suite_spec(path), con)
            accepted = record_accepted(con, run)  # as the raw checks do: judged once
            outcomes[path.stem] = {
                "success": run.success,
                "seconds": round(run.seconds, 2),
                "loads_judged": len(run.loads),
                "loads_accepted": accepted,
                "unchanged": run.unchanged,
                "max_rows_in_memory": run.max_rows_by_frame,
            }
    return outcomes


def stage_raw_checks(workdir: Path) -> dict:
    from orchestration.quality.gx_runner import raw_suite_path

    return _run_suites(workdir, [raw_suite_path(source) for source in LANDING_SOURCES])


def stage_mart_checks(workdir: Path) -> dict:
    from orchestration.quality.gx_runner import mart_suite_paths

    return _run_suites(workdir, mart_suite_paths())


def stage_dbt_build(workdir: Path) -> dict:
    from orchestration.dbt_command import REFRESH_BUILD_ARGS, dbt_executable

    # The refresh's own command. The target path is kept from run to run, so the one-day
    # refresh parses incrementally (partial_parse.msgpack) as a scheduled refresh does.
    target = workdir / DBT_TARGET
    (target / "run_results.json").unlink(missing_ok=True)
    completed = subprocess.run(
        [dbt_executable(), *REFRESH_BUILD_ARGS, "--quiet", "--target-path", str(target)],
        cwd=REPO_ROOT,
        env=os.environ,
        capture_output=True,
        text=True,
    )
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))
    models = {
        result["unique_id"].split(".")[-1]: round(result["execution_time"], 3)
        for result in results["results"]
        if result["unique_id"].startswith(("model.", "seed."))
    }
    failed = [r["unique_id"] for r in results["results"] if r["status"] in ("error", "fail")]
    if completed.returncode != 0 and failed:
        raise RuntimeError(f"dbt build failed: {failed}\n{completed.stdout[-3000:]}")
    return {"models": models}


def model_sources(manifest: dict) -> dict[str, list[str]]:
    """Per model of the manifest, the landing sources (LANDING_SOURCES) it reads, directly or
    through the models it reads: the input its time is judged against."""
    nodes = manifest["nodes"]
    found: dict[str, set[str]] = {}

    def upstream(unique_id: str) -> set[str]:
        if unique_id.startswith("source."):
            name = manifest["sources"][unique_id]["source_name"]
            return {name} if name in LANDING_SOURCES else set()
        if unique_id not in found:
            parents = (nodes.get(unique_id) or {}).get("depends_on", {}).get("nodes", [])
            found[unique_id] = set().union(*(upstream(parent) for parent in parents))
        return found[unique_id]

    return {
        unique_id.split(".")[-1]: sorted(upstream(unique_id))
        for unique_id in nodes
        if unique_id.startswith("model.")
    }


def stage_publish(workdir: Path) -> dict:
    from orchestration.publish import publish_warehouse

    publication = publish_warehouse(workdir / "cx.duckdb", workdir / "cx.published.duckdb")
    return {"relations": len(publication.tables)}


def stage_pack(workdir: Path) -> dict:
    from orchestration.pack import build_pack

    written = build_pack(workdir / "cx.published.duckdb", lang="en", out=workdir / "packs")
    return {"files": [written.html.name, written.workbook.name]}


def stage_baseline_scan(workdir: Path) -> dict:
    with _connect(workdir) as con:
        started = time.perf_counter()
        groups = con.execute(
            "select count(*) from (select customer_id, transaction_month, count(*), sum(amount) "
            "from marts.fct_transactions group by customer_id, transaction_month)"
        ).fetchall()[0][0]
        return {"groups": groups, "query_seconds": round(time.perf_counter() - started, 3)}


# The days a one-day refresh lands (see add_one_day_of_transactions): an ordinary day, which
# the 10% target judges, then a month-end day (the interest and fee postings of every account:
# some 28x the rows of an ordinary day), reported beside it.
ONE_DAY_KINDS = ("ordinary", "month_end")


def add_one_day_of_transactions(workdir: Path, kind: str = "ordinary") -> dict:
    """Land one more day: the transactions of an earlier day again, on the day after the last
    one, with new ids. `kind` picks the day copied: "ordinary", the latest day that is not a
    month end; "month_end", the latest month end (every account's postings)."""
    if kind not in ONE_DAY_KINDS:
        raise ValueError(f"kind must be one of {ONE_DAY_KINDS}, not {kind!r}")
    month_end = "=" if kind == "month_end" else "<>"
    with _connect(workdir) as con:
        last_day, copied_day = con.execute(
            f"""
            with days as (
                select distinct cast(occurred_at as date) as day from marts.fct_transactions
            )
            select
                max(day),
                max(day) filter (where day {month_end} last_day(day))
            from days
            """
        ).fetchall()[0]
        next_day = last_day + timedelta(days=1)
        shift = (next_day - copied_day).days
        target = workdir / "landing" / "transactions" / f"transactions_{next_day}.parquet"
        con.execute(
            f"""
            copy (
                select '{next_day:%Y%m%d}-' || transaction_id as transaction_id, customer_id,
                    strftime(occurred_at + interval {shift} day, '%Y-%m-%dT%H:%M:%S')
                        as occurred_at,
                    channel, transaction_type, cast(amount as varchar) as amount,
                    cast(fee_amount as varchar) as fee_amount, branch_id, employee_id, currency
                from marts.fct_transactions
                where cast(occurred_at as date) = date '{copied_day}'
            ) to '{target}' (format parquet)
            """
        )
        rows = con.execute(f"select count(*) from read_parquet('{target}')").fetchall()[0][0]
    return {"day": str(next_day), "copied_day": str(copied_day), "kind": kind, "rows": rows}


STAGE_FUNCTIONS = {
    "ingest": stage_ingest,
    "raw_checks": stage_raw_checks,
    "dbt_build": stage_dbt_build,
    "mart_checks": stage_mart_checks,
    "publish": stage_publish,
    "pack": stage_pack,
    "baseline_scan": stage_baseline_scan,
}


def run_stage(stage: str, workdir: Path) -> None:
    detail = STAGE_FUNCTIONS[stage](workdir)
    (workdir / f"stage_{stage}.json").write_text(json.dumps(detail), encoding="utf-8")


def run_refresh(stages: list[str], workdir: Path) -> None:
    """The refresh's stages in this one process, noting the end of each (STAGE_CLOCK)."""
    for stage in stages:
        run_stage(stage, workdir)
        note_stage_end(workdir / STAGE_CLOCK, stage)


# ---------------------------------------------------------------- the benchmark


def _detail(workdir: Path, stage: str) -> dict:
    return json.loads((workdir / f"stage_{stage}.json").read_text(encoding="utf-8"))


def _refresh_figures(workdir: Path, env: dict[str, str], log: Path) -> list[StageFigure]:
    _say(f"  refresh ({', '.join(REFRESH_WORKER_STAGES)}) ...")
    measured = _measured_stages(
        _refresh_command(REFRESH_WORKER_STAGES, workdir), env, log, workdir / STAGE_CLOCK
    )
    figures = []
    for stage, seconds, peak in measured:
        _say(f"  {stage}: {seconds:.1f} s, peak {peak:,.0f} MiB")
        detail = _detail(workdir, stage)
        figures.append(StageFigure(stage, round(seconds, 2), round(peak, 1), detail))
    return figures


def _figure(stage: str, workdir: Path, env: dict[str, str], log: Path) -> StageFigure:
    _say(f"  {stage} ...")
    seconds, peak = _measured(_stage_command(stage, workdir), env, log)
    _say(f"  {stage}: {seconds:.1f} s, peak {peak:,.0f} MiB")
    return StageFigure(stage, round(seconds, 2), round(peak, 1), _detail(workdir, stage))


def _source_rows(workdir: Path) -> dict[str, int]:
    with _connect(workdir) as con:
        return {
            source: con.execute(f"select count(*) from raw.{source}").fetchall()[0][0]
            for source in LANDING_SOURCES
        }


def bench_scale(customers: int, months: int, out: Path, seed: int) -> ScaleRun:
    workdir = out / f"customers_{customers}"
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    env, log = _environment(workdir), workdir / "bench.log"
    run = ScaleRun(customers, months)
    _say(f"scale: {customers:,} customers x {months} months ({workdir})")
    _say("  generate ...")
    generate = [
        sys.executable,
        *("-m", "orchestration.generator", "--customers", str(customers)),
        *("--months", str(months), "--seed", str(seed), "--format", "parquet"),
        *("--defect-rate", "0", "--out", str(workdir / "landing")),
    ]
    seconds, peak = _measured(generate, env, log)
    run.stages.append(StageFigure("generate", round(seconds, 2), round(peak, 1)))
    _say(f"  generate: {seconds:.1f} s, peak {peak:,.0f} MiB")
    run.stages += _refresh_figures(workdir, env, log)
    run.stages.append(_figure("pack", workdir, env, log))
    run.stages.append(_figure("baseline_scan", workdir, env, log))
    run.rows = _source_rows(workdir)
    run.dbt_models = next(f.detail["models"] for f in run.stages if f.stage == "dbt_build")
    # the lineage is the project's, the same for every build: read once, from the full one's
    manifest = workdir / DBT_TARGET / "manifest.json"
    run.dbt_model_sources = model_sources(json.loads(manifest.read_text(encoding="utf-8")))

    for day in ONE_DAY_KINDS:
        _say(f"  incremental: one more day of transactions ({day.replace('_', '-')} day)")
        added = add_one_day_of_transactions(workdir, day)
        figures = run.figures(day)
        figures += _refresh_figures(workdir, env, log)
        next(f for f in figures if f.stage == "ingest").detail["added"] = added
        models = next(f.detail["models"] for f in figures if f.stage == "dbt_build")
        if day == "ordinary":
            run.incremental_dbt_models = models
        else:
            run.month_end_dbt_models = models
    return run


# The refresh as the targets count it (ingestion + dbt build + checks); publishing the read-only
# copy for BI follows it and is reported beside it.
REFRESH_STAGES = ("ingest", "raw_checks", "dbt_build", "mart_checks")
FULL_REFRESH_TARGET_SECONDS = 600
INCREMENTAL_TARGET_SHARE = 0.10
PEAK_MEMORY_TARGET_MIB = 4096
# A model "grows faster than its input" when its time grows more than this many times its
# input's growth: a sort is n log n (1.15x more per row from 3.3M to 33M rows), and a large
# model's 1M time differed by up to 17% between benches of nearly the same code (4d5167f and
# 733d9d3: mart_loyalty_segments 8.85 s and 7.55 s).
GROWTH_TOLERANCE = 1.25


def input_growth(small: ScaleRun, large: ScaleRun, model: str) -> float:
    """How many times more rows the large scale's model reads than the small one's: the
    growth of the summed rows of the landing sources it reads (1 if it reads none: its input,
    seeds and the calendar, is the same at every scale)."""
    sources = large.dbt_model_sources.get(model) or []
    before = sum(small.rows.get(source, 0) for source in sources)
    after = sum(large.rows.get(source, 0) for source in sources)
    return after / before if before else 1.0


def _refresh_seconds(run: ScaleRun, day: str | None = None) -> float:
    return sum(run.seconds(stage, day) for stage in REFRESH_STAGES)


def _day_rows(run: ScaleRun, day: str) -> str:
    ingest = next((f for f in run.figures(day) if f.stage == "ingest"), None)
    added = (ingest.detail.get("added") or {}) if ingest else {}
    return f"{added['rows']:,} transactions" if "rows" in added else "transactions"


def _verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def report(runs: list[ScaleRun]) -> str:
    lines = []
    for run in runs:
        lines.append(f"\n== {run.customers:,} customers x {run.months} months ==")
        lines.append("rows per source: " + ", ".join(f"{k} {v:,}" for k, v in run.rows.items()))
        lines.append(
            f"{'stage':<16}{'wall s':>10}{'peak MiB':>10}   ordinary day s  peak MiB"
            "   month-end day s  peak MiB"
        )
        days = {day: {f.stage: f for f in run.figures(day)} for day in ONE_DAY_KINDS}
        for figure in run.stages:
            tail = ""
            for day, width in (("ordinary", 17), ("month_end", 18)):
                extra = days[day].get(figure.stage)
                if extra:
                    tail += f"{extra.seconds:>{width}.1f}{extra.peak_rss_mib:>10,.0f}"
            lines.append(
                f"{figure.stage:<16}{figure.seconds:>10.1f}{figure.peak_rss_mib:>10,.0f}{tail}"
            )
        full = _refresh_seconds(run)
        publish = run.seconds("publish")
        scan = run.seconds("baseline_scan")
        build = run.seconds("dbt_build")
        peak = max(f.peak_rss_mib for f in run.stages + run.incremental + run.month_end)
        lines.append(
            f"full refresh (ingest + raw checks + dbt build + mart checks): {full:.1f} s "
            f"(target < {FULL_REFRESH_TARGET_SECONDS} s: "
            f"{_verdict(full < FULL_REFRESH_TARGET_SECONDS)}); with publish {full + publish:.1f} s"
        )
        for day in ONE_DAY_KINDS:
            if not run.figures(day):
                continue
            incr = _refresh_seconds(run, day)
            share = incr / full
            # the target is judged on an ordinary day; a month-end day is reported beside it
            judged = (
                f"target < {INCREMENTAL_TARGET_SHARE:.0%}: "
                f"{_verdict(share < INCREMENTAL_TARGET_SHARE)}"
                if day == "ordinary"
                else "reported, not judged"
            )
            lines.append(
                f"one-day incremental refresh, {day.replace('_', '-')} day ({_day_rows(run, day)}; "
                f"same stages): {incr:.1f} s ({share:.0%} of the full; {judged})"
                f"; with publish {incr + run.seconds('publish', day):.1f} s"
            )
        lines.append(f"dbt build / baseline scan: {build / scan:.0f}x ({scan:.2f} s scan)")
        lines.append(
            f"peak memory of any stage: {peak:,.0f} MiB (target < {PEAK_MEMORY_TARGET_MIB:,} MiB: "
            f"{_verdict(peak < PEAK_MEMORY_TARGET_MIB)})"
        )
    if len(runs) > 1:
        small, large = runs[0], runs[-1]
        ratio = large.customers / small.customers
        lines.append(f"\n== dbt models, {small.customers:,} vs {large.customers:,} customers ==")
        lines.append(
            f"(customers x{ratio:g}; a model is flagged when its time grows more than "
            f"{GROWTH_TOLERANCE:g}x its input's growth; models under 0.05 s are not judged)"
        )
        lines.append(f"{'model':<44}{'small s':>9}{'large s':>9}{'growth':>8}{'input':>8}")
        slowest = sorted(large.dbt_models, key=lambda name: -large.dbt_models[name])[:25]
        for name in slowest:
            before, after = small.dbt_models.get(name, 0.0), large.dbt_models[name]
            grown = input_growth(small, large, name)
            judged = before > 0.05
            growth = f"{after / before:.1f}x" if judged else "-"
            flagged = judged and after / before > grown * GROWTH_TOLERANCE
            faster = "  grows faster than its input" if flagged else ""
            lines.append(f"{name:<44}{before:>9.2f}{after:>9.2f}{growth:>8}{grown:>7.1f}x{faster}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m orchestration.bench", description=__doc__)
    commands = parser.add_subparsers(dest="command")
    stage = commands.add_parser("stage", help="(internal) run one stage in this process")
    stage.add_argument("name", choices=sorted(STAGE_FUNCTIONS))
    stage.add_argument("--dir", type=Path, required=True)
    refresh = commands.add_parser("refresh", help="(internal) run these stages in this process")
    refresh.add_argument("names", nargs="+", choices=sorted(STAGE_FUNCTIONS))
    refresh.add_argument("--dir", type=Path, required=True)
    parser.add_argument("--customers", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "data" / "bench")
    args = parser.parse_args(argv)
    if args.command == "stage":
        run_stage(args.name, args.dir)
        return 0
    if args.command == "refresh":
        run_refresh(args.names, args.dir)
        return 0
    uncompiled = packages_without_bytecode()
    if uncompiled:
        _say(
            f"warning: no compiled bytecode for {', '.join(uncompiled)}: each stage compiles "
            "them on import and its figures include that (run `make install` first, or use "
            "`make bench`)"
        )
    runs = [bench_scale(n, args.months, args.out, args.seed) for n in sorted(args.customers)]
    text = report(runs)
    print(text)
    if uncompiled:
        print(f"\nmeasured without compiled bytecode for {', '.join(uncompiled)}")
    figures = {"runs": [asdict(run) for run in runs], "without_bytecode": uncompiled}
    (args.out / "bench.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")
    print(f"\nfigures: {args.out / 'bench.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
