"""The management pack as one self-contained HTML file: inline CSS, inline SVG, no script,
no external reference of any kind, so it opens offline and prints as it shows."""

from __future__ import annotations

import datetime as dt
from html import escape

from orchestration.pack import svg
from orchestration.pack.data import (
    FUNNEL_STAGES,
    KPI_CODES,
    SEGMENTS_FROM,
    SEGMENTS_TO,
    PackData,
    Table,
    rag_status,
)
from orchestration.pack.formatting import MISSING, cell_text, fmt_kpi, fmt_value, month_label
from orchestration.pack.labels import label, value_label

# Latin first, then CJK fonts for Chinese labels (Noto Sans CJK SC ships as fonts-noto-cjk).
FONT_STACK = (
    '"Noto Sans", "Segoe UI", "Helvetica Neue", Arial, "Noto Sans CJK SC", "Noto Sans SC", '
    '"Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif'
)

CSS = """
* { box-sizing: border-box; }
body { font-family: __FONTS__; color: #263238; margin: 0; background: #f5f7f9; }
header { background: #0d47a1; color: #fff; padding: 20px 32px; }
header h1 { margin: 0 0 4px; font-size: 24px; }
header p { margin: 2px 0; font-size: 13px; opacity: 0.9; }
main { padding: 8px 32px 32px; max-width: 1320px; }
section { background: #fff; border-radius: 6px; padding: 16px 20px; margin: 16px 0;
          box-shadow: 0 1px 2px rgba(0,0,0,0.08); page-break-inside: avoid; }
h2 { font-size: 18px; margin: 0 0 6px; color: #0d47a1; }
p.note { font-size: 12px; color: #607d8b; margin: 0 0 10px; }
table { border-collapse: collapse; font-size: 12px; margin-top: 8px; }
th, td { padding: 4px 8px; border-bottom: 1px solid #e0e6ea; text-align: right;
         white-space: nowrap; }
th { background: #eceff1; font-weight: 600; white-space: normal; vertical-align: bottom; }
th:first-child, td:first-child { text-align: left; }
td.text, th.text { text-align: left; }
.table-wrap { overflow-x: auto; max-width: 100%; }
.charts { display: flex; flex-wrap: wrap; gap: 12px; }
.charts svg { background: #fafbfc; border: 1px solid #eceff1; border-radius: 4px; }
.pill { display: inline-block; min-width: 56px; padding: 1px 8px; border-radius: 10px;
        color: #fff; text-align: center; font-weight: 600; }
.green { background: #2e7d32; } .amber { background: #f9a825; color: #263238; }
.red { background: #c62828; } .none { background: #9e9e9e; }
.row { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
details summary { cursor: pointer; font-size: 12px; color: #1565c0; margin-top: 8px; }
footer { font-size: 11px; color: #607d8b; padding: 0 32px 24px; }
@media print { body { background: #fff; } section { box-shadow: none; } }
""".replace("__FONTS__", FONT_STACK)


def _is_text(column) -> bool:
    return column.fmt in ("text", "link", "status", "month") or column.value_prefix is not None


def render_table(table: Table, lang: str) -> str:
    """One table of the pack; every cell formatted and translated like the workbook's."""
    head = "".join(
        f'<th class="{"text" if _is_text(column) else "number"}">'
        f"{escape(label(column.key, lang))}</th>"
        for column in table.columns
    )
    body = []
    for row in table.rows:
        cells = []
        for column, value in zip(table.columns, row, strict=True):
            text = escape(cell_text(column.fmt, column.value_prefix, value, row, lang))
            if column.fmt == "status":
                cells.append(f'<td class="text"><span class="pill {value}">{text}</span></td>')
            elif _is_text(column):
                cells.append(f'<td class="text">{text}</td>')
            else:
                cells.append(f"<td>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    if not body:
        body.append(
            f'<tr><td colspan="{len(table.columns)}">{escape(label("no_data", lang))}</td></tr>'
        )
    return (
        f'<div class="table-wrap"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def _section(key: str, note_key: str, content: str, lang: str, extra_note: str = "") -> str:
    note = escape(label(note_key, lang)) + (f" {escape(extra_note)}" if extra_note else "")
    return (
        f'<section id="{key}"><h2>{escape(label(key, lang))}</h2>'
        f'<p class="note">{note}</p>{content}</section>'
    )


def _trend_charts(data: PackData, lang: str) -> str:
    labels = [month_label(month, lang) for month in data.months]
    charts = []
    for code in KPI_CODES:
        values = [data.kpis[code].get(month) for month in data.months]
        target = data.targets.get(code)
        charts.append(
            svg.line_chart(
                label(f"kpi_{code}", lang),
                labels,
                values,
                lambda v, code=code: fmt_kpi(code, v, lang),
                target=None if target is None else target.target,
            )
        )
    return f'<div class="charts">{"".join(charts)}</div>'


def _migration_chart(data: PackData, lang: str) -> str:
    cells = [row[1 : 1 + len(SEGMENTS_TO)] for row in data.migration.rows]
    return svg.heatmap(
        label("section_migration", lang),
        [value_label("segment", s, lang) for s in SEGMENTS_FROM],
        [value_label("segment", s, lang) for s in SEGMENTS_TO],
        cells,
    )


def _complaints_chart(data: PackData, lang: str) -> str:
    target = data.targets.get("complaint_sla_share")
    items = []
    for category, complaints, _ack, resolve_share, *_ in data.complaints.rows:
        colour = svg.STATUS_COLOURS[rag_status(resolve_share, target)]
        items.append((value_label("category", category, lang), complaints, colour))
    return svg.bar_chart(
        label("col_complaints", lang) + " · " + label("col_resolve_sla_share", lang),
        items,
        lambda v: fmt_value(v, "int", lang),
    )


def _funnel_chart(data: PackData, lang: str) -> str:
    everything = next((row for row in data.closed_loop.rows if row[0] == "ALL"), None)
    if everything is None:
        return ""
    stages = [
        (label(f"stage_{stage}", lang), int(everything[1 + index] or 0))
        for index, stage in enumerate(FUNNEL_STAGES)
    ]
    return svg.funnel_chart(
        label("case_type_ALL", lang), stages, lambda v: fmt_value(v, "pct", lang)
    )


def _quadrant_chart(data: PackData, lang: str, medians: tuple[float | None, float | None]) -> str:
    colours = {
        "concentrate here": svg.RED,
        "keep up the good work": svg.GREEN,
        "low priority": svg.GREY,
        "possible overkill": svg.AMBER,
    }
    points = [
        (value_label("dimension", dimension, lang), performance, importance, colours.get(q, "#000"))
        for dimension, importance, performance, _gap, q, _n in data.drivers.rows
        if importance is not None and performance is not None
    ]
    names = {key: value_label("quadrant", key, lang) for key in colours}
    return svg.quadrant_chart(
        label("section_drivers", lang),
        points,
        medians[1],
        medians[0],
        label("col_performance", lang),
        label("col_importance", lang),
        names,
    )


def _chain_chart(data: PackData, lang: str) -> str:
    items = []
    for (driver, outcome), lag, _n, r, low_n in data.chain.rows:
        name = (
            f"{value_label('measure', driver, lang)} {label('arrow', lang)} "
            f"{value_label('measure', outcome, lang)} ({value_label('lag', lag, lang)})"
        )
        items.append((name, r, bool(low_n)))
    return svg.diverging_bars(label("col_correlation", lang), items)


def render_html(data: PackData, lang: str = "en", generated_at: dt.datetime | None = None) -> str:
    """The whole report for one month as an HTML string."""
    generated = (generated_at or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M")
    medians = data.extras.get("driver_medians", (None, None))
    low_sample = f"({label('low_sample', lang)})" if data.drivers_low_sample else ""
    sections = [
        _section("section_scorecard", "note_scorecard", render_table(data.scorecard, lang), lang),
        _section(
            "section_trends",
            "note_trends",
            _trend_charts(data, lang)
            + f"<details><summary>{escape(label('section_trends', lang))}</summary>"
            + render_table(data.trends, lang)
            + "</details>",
            lang,
        ),
        _section(
            "section_migration",
            "note_migration",
            _migration_chart(data, lang) + render_table(data.migration, lang),
            lang,
        ),
        _section(
            "section_complaints",
            "note_complaints",
            _complaints_chart(data, lang) + render_table(data.complaints, lang),
            lang,
        ),
        _section(
            "section_closed_loop",
            "note_closed_loop",
            _funnel_chart(data, lang) + render_table(data.closed_loop, lang),
            lang,
        ),
        _section(
            "section_drivers",
            "note_drivers",
            '<div class="row">'
            + _quadrant_chart(data, lang, medians)  # type: ignore[arg-type]
            + render_table(data.drivers, lang)
            + "</div>",
            lang,
            low_sample,
        ),
        _section(
            "section_chain",
            "note_chain",
            _chain_chart(data, lang) + render_table(data.chain, lang),
            lang,
        ),
        _section("section_branches", "note_branches", render_table(data.branches, lang), lang),
    ]
    title = f"{label('title', lang)} · {month_label(data.month, lang)}"
    html_lang = "zh-Hans" if lang == "zh" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
        f"<header><h1>{escape(title)}</h1>"
        f"<p>{escape(label('subtitle', lang))}</p>"
        f"<p>{escape(label('published_at', lang))}: {escape(data.published_at or MISSING)} · "
        f"{escape(label('generated_at', lang))}: {escape(generated)}</p></header>"
        f"<main>{''.join(sections)}</main>"
        f"<footer>{escape(label('source_note', lang))}</footer></body></html>\n"
    )
