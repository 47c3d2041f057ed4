"""The management pack's tables as an Excel workbook: one sheet per table, raw numbers with
number formats (so a reader can recompute), labels in the pack's language."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from orchestration.pack.data import KPI_FORMATS, PackData, Table
from orchestration.pack.formatting import fmt_link, month_label
from orchestration.pack.labels import label, value_label

NUMBER_FORMATS = {
    "pct": "0.0%",
    "num1": "#,##0.0",
    "num2": "#,##0.00",
    "money": "#,##0",
    "int": "#,##0",
}
STATUS_FILLS = {"green": "2E7D32", "amber": "F9A825", "red": "C62828", "none": "9E9E9E"}


def sheet_title(key: str, lang: str) -> str:
    """The sheet of a table: its section label, within Excel's 31 characters."""
    text = label(key, lang)
    for character in "[]:*?/\\":
        text = text.replace(character, " ")
    return text[:31]


def _cell_value(column_fmt: str, prefix: str | None, value: object, lang: str) -> object:
    if value is None:
        return None
    if prefix is not None:
        return value_label(prefix, value, lang)
    if column_fmt == "month":
        return month_label(value, lang)  # type: ignore[arg-type]
    if column_fmt == "link":
        return fmt_link(value, lang)
    if column_fmt == "bool":
        return label("yes" if value else "no", lang)
    if isinstance(value, float | int) and not isinstance(value, bool):
        return float(value) if column_fmt not in ("int",) else int(value)
    return str(value)


def _number_format(column_fmt: str, row: list) -> str | None:
    if column_fmt in ("kpi", "kpi_change"):
        return NUMBER_FORMATS[KPI_FORMATS[str(row[0])]]
    return NUMBER_FORMATS.get(column_fmt)


def _write_table(sheet, table: Table, lang: str, first_row: int) -> None:
    header_fill = PatternFill("solid", fgColor="ECEFF1")
    for index, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=first_row, column=index, value=label(column.key, lang))
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for offset, row in enumerate(table.rows, start=1):
        for index, (column, value) in enumerate(zip(table.columns, row, strict=True), start=1):
            cell = sheet.cell(
                row=first_row + offset,
                column=index,
                value=_cell_value(column.fmt, column.value_prefix, value, lang),
            )
            number_format = _number_format(column.fmt, row)
            if number_format:
                cell.number_format = number_format
            if column.fmt == "status" and value in STATUS_FILLS:
                cell.fill = PatternFill("solid", fgColor=STATUS_FILLS[value])
                cell.font = Font(bold=True, color="FFFFFF")
    for index, column in enumerate(table.columns, start=1):
        width = 14 if column.fmt != "link" else 48
        if column.value_prefix or column.fmt == "text":
            width = 30
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(row=first_row + 1, column=2)


def write_workbook(
    data: PackData, path: Path, lang: str = "en", generated_at: dt.datetime | None = None
) -> Path:
    """Write every table of the pack to `path` (.xlsx); the first sheet says what it is."""
    workbook = Workbook()
    about = workbook.active
    about.title = sheet_title("sheet_about", lang)
    generated = (generated_at or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M")
    rows = [
        (label("title", lang), month_label(data.month, lang)),
        (label("month", lang), f"{data.month:%Y-%m}"),
        (label("published_at", lang), data.published_at),
        (label("generated_at", lang), generated),
        (label("source_note", lang), ""),
        (label("note_scorecard", lang), ""),
    ]
    for table in data.tables:
        rows.append((label(table.key, lang), sheet_title(table.key, lang)))
    for index, (name, value) in enumerate(rows, start=1):
        about.cell(row=index, column=1, value=name).font = Font(bold=index == 1)
        about.cell(row=index, column=2, value=value)
    about.column_dimensions["A"].width = 60
    about.column_dimensions["B"].width = 28
    for table in data.tables:
        sheet = workbook.create_sheet(sheet_title(table.key, lang))
        sheet.cell(row=1, column=1, value=label(table.key, lang)).font = Font(bold=True, size=13)
        _write_table(sheet, table, lang, first_row=3)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path
