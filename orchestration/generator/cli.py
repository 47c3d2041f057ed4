"""Command line: python -m orchestration.generator --customers N --months M --seed S --out DIR."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .contract import SOURCES
from .core import generate


def _encoding(value: str) -> tuple[str, str]:
    source, sep, encoding = value.partition("=")
    if not sep or source.strip().lower() not in SOURCES or not encoding.strip():
        raise argparse.ArgumentTypeError(
            f"expected SOURCE=ENCODING with a known source, got {value!r}"
        )
    return source.strip().lower(), encoding.strip()


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m orchestration.generator",
        description="Generate deterministic landing files (and a truth folder) for cx-warehouse.",
    )
    p.add_argument("--customers", type=int, default=5000)
    p.add_argument("--months", type=int, default=13)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--out", type=Path, required=True, help="landing root to write")
    p.add_argument(
        "--truth",
        type=Path,
        default=None,
        help="truth folder (default: a 'truth' folder beside --out)",
    )
    p.add_argument("--start-month", default="2025-01", help="first month, YYYY-MM")
    p.add_argument(
        "--format", dest="file_format", choices=["csv", "csv.gz", "parquet"], default="csv"
    )
    p.add_argument(
        "--encoding",
        action="append",
        type=_encoding,
        default=[],
        metavar="SOURCE=ENCODING",
        help="CSV encoding of one source, e.g. complaints=gb18030",
    )
    p.add_argument("--defect-rate", type=float, default=0.0)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    out: Path = args.out
    truth = args.truth if args.truth is not None else Path(out).parent / "truth"

    def progress(message: str) -> None:
        print(message, flush=True)

    try:
        summary = generate(
            customers=args.customers,
            months=args.months,
            seed=args.seed,
            out=out,
            truth=truth,
            start_month=args.start_month,
            file_format=args.file_format,
            encodings=dict(args.encoding),
            defect_rate=args.defect_rate,
            progress=progress,
        )
    except (ValueError, LookupError) as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        return 2
    print(f"\n{'source':<18}{'rows':>14}{'files':>8}")
    for source in SOURCES:
        print(f"{source:<18}{summary.rows[source]:>14,}{summary.files_per_source[source]:>8}")
    print(f"{'total':<18}{sum(summary.rows.values()):>14,}{len(summary.files):>8}")
    print(f"defects planted: {summary.defects}")
    print(
        f"elapsed: {summary.seconds:.1f} s  (landing: {summary.out}, truth: {summary.truth})",
        flush=True,
    )
    return 0
