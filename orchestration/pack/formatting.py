"""How a value of each format reads in the report (the workbook keeps raw numbers)."""

from __future__ import annotations

import datetime as dt
import math

from orchestration.pack.data import KPI_FORMATS
from orchestration.pack.labels import label, value_label

MISSING = "\u2013"  # an en dash stands for a missing value


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def month_label(month: dt.date, lang: str) -> str:
    return f"{month.year}年{month.month}月" if lang == "zh" else f"{month:%Y-%m}"


def fmt_value(value: object, fmt: str, lang: str = "en") -> str:
    """Text of one value: a dash when missing."""
    if _missing(value):
        return MISSING
    if fmt == "pct":
        return f"{float(value):.1%}"
    if fmt == "num1":
        return f"{float(value):,.1f}"
    if fmt == "num2":
        return f"{float(value):,.2f}"
    if fmt == "money":
        return f"{float(value):,.0f}"
    if fmt == "int":
        return f"{int(value):,}"
    if fmt == "month":
        return month_label(value, lang)  # type: ignore[arg-type]
    if fmt == "bool":
        return label("yes" if value else "no", lang)
    return str(value)


def fmt_kpi(code: str, value: object, lang: str = "en") -> str:
    return fmt_value(value, KPI_FORMATS[code], lang)


def fmt_change(code: str, value: object, lang: str = "en") -> str:
    """A signed change; shares in percentage points."""
    if _missing(value):
        return MISSING
    number = float(value)
    if KPI_FORMATS[code] == "pct":
        unit = " 个百分点" if lang == "zh" else " pp"
        return f"{number * 100:+.1f}{unit}"
    if KPI_FORMATS[code] == "money":
        return f"{number:+,.0f}"
    digits = 1 if KPI_FORMATS[code] == "num1" else 2
    return f"{number:+,.{digits}f}"


def fmt_link(value: object, lang: str) -> str:
    driver, outcome = value  # type: ignore[misc]
    return (
        f"{value_label('measure', driver, lang)} {label('arrow', lang)} "
        f"{value_label('measure', outcome, lang)}"
    )


def cell_text(column_fmt: str, prefix: str | None, value: object, row: list, lang: str) -> str:
    """Text of a table cell; `kpi` columns take the format of the row's KPI (row[0])."""
    if prefix is not None:
        return value_label(prefix, value, lang) if not _missing(value) else MISSING
    if column_fmt == "kpi":
        return fmt_kpi(str(row[0]), value, lang)
    if column_fmt == "kpi_change":
        return fmt_change(str(row[0]), value, lang)
    if column_fmt == "link":
        return fmt_link(value, lang)
    return fmt_value(value, column_fmt, lang)
