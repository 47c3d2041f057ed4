"""The monthly management pack: one self-contained HTML report and the same tables as an
Excel workbook, read from the published read-only copy of the marts.

    from orchestration.pack import build_pack
    written = build_pack(Settings.from_env().published_path, "2025-12", lang="zh", out=Path("p"))

`cx-warehouse pack` and the Dagster asset pack/management_pack both call `build_pack`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from orchestration.pack.data import (
    PackData,
    PackError,
    connect_published,
    latest_complete_month,
    load_pack_data,
    parse_month,
)
from orchestration.pack.excel import write_workbook
from orchestration.pack.html import render_html
from orchestration.pack.labels import LANGUAGES
from orchestration.settings import Settings

__all__ = [
    "LANGUAGES",
    "PackData",
    "PackError",
    "PackFiles",
    "build_pack",
    "default_pack_dir",
    "latest_complete_month",
    "load_pack_data",
    "render_html",
    "write_workbook",
]


def default_pack_dir(settings: Settings) -> Path:
    """Where packs go unless told otherwise: packs/ beside the published copy."""
    return settings.published_path.parent / "packs"


@dataclass(frozen=True)
class PackFiles:
    month: dt.date
    lang: str
    html: Path
    workbook: Path


def build_pack(
    published_path: Path,
    month: str | dt.date | None = None,
    lang: str = "en",
    out: Path | None = None,
) -> PackFiles:
    """Write cx_management_pack_<YYYY-MM>_<lang>.html and .xlsx into `out` (default: packs/
    beside the published copy).

    `month` is 'YYYY-MM' or a date; None takes the latest complete month in the marts.
    """
    if lang not in LANGUAGES:
        raise PackError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    with connect_published(Path(published_path)) as con:
        if month is None:
            first = latest_complete_month(con)
        elif isinstance(month, dt.date):
            first = month.replace(day=1)
        else:
            first = parse_month(month)
        data = load_pack_data(con, first)
    generated_at = dt.datetime.now(dt.UTC)
    out = Path(out) if out is not None else Path(published_path).parent / "packs"
    out.mkdir(parents=True, exist_ok=True)
    stem = f"cx_management_pack_{first:%Y-%m}_{lang}"
    html_path = out / f"{stem}.html"
    html_path.write_text(render_html(data, lang, generated_at), encoding="utf-8")
    workbook_path = write_workbook(data, out / f"{stem}.xlsx", lang, generated_at)
    return PackFiles(first, lang, html_path, workbook_path)
