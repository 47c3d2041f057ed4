"""The Excel workbook holds the pack's tables, and its numbers are the marts' numbers."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from openpyxl import load_workbook

from orchestration.bench import stage_pack
from orchestration.pack.excel import sheet_title
from orchestration.pack.formatting import month_label
from orchestration.pack.labels import label, value_label

pytestmark = pytest.mark.slow

SHEETS = (
    "sheet_about",
    "section_scorecard",
    "section_trends",
    "section_migration",
    "section_complaints",
    "section_closed_loop",
    "section_drivers",
    "section_chain",
    "section_branches",
)
HEADER_ROW = 3


def rows_of(sheet) -> list[dict]:
    """The data rows of a pack sheet as dicts keyed by the header cells."""
    values = list(sheet.iter_rows(min_row=HEADER_ROW, values_only=True))
    header, body = values[0], values[1:]
    return [dict(zip(header, row, strict=True)) for row in body if any(v is not None for v in row)]


def prior(month: dt.date) -> dt.date:
    return (month - dt.timedelta(days=1)).replace(day=1)


@pytest.fixture(scope="module", params=["en", "zh"])
def workbook(request, packs):
    lang = request.param
    return lang, load_workbook(packs[lang].workbook, read_only=False)


def scorecard(workbook) -> dict[str, dict]:
    lang, book = workbook
    rows = rows_of(book[sheet_title("section_scorecard", lang)])
    return {row[label("col_kpi", lang)]: row for row in rows}


def test_sheets_are_the_pack_tables_in_the_pack_language(workbook):
    lang, book = workbook
    assert book.sheetnames == [sheet_title(key, lang) for key in SHEETS]
    about = book[sheet_title("sheet_about", lang)]
    assert about["A1"].value == label("title", lang)


def test_scorecard_nps_is_the_all_branches_nps_of_the_month(workbook, published, pack_month):
    lang, _ = workbook
    (nps,) = published.execute(
        "select nps from marts.mart_satisfaction_monthly where response_month = ? "
        "and is_all_branches and is_all_channels and is_all_tiers",
        [pack_month],
    ).fetchone()
    (nps_before,) = published.execute(
        "select nps from marts.mart_satisfaction_monthly where response_month = ? "
        "and is_all_branches and is_all_channels and is_all_tiers",
        [prior(pack_month)],
    ).fetchone()
    target, direction, tolerance = published.execute(
        "select target, direction, amber_tolerance from reference.kpi_targets "
        "where kpi_code = 'nps'"
    ).fetchone()
    row = scorecard(workbook)[label("kpi_nps", lang)]
    assert row[label("col_actual", lang)] == pytest.approx(nps)
    assert row[label("col_prior", lang)] == pytest.approx(nps_before)
    assert row[label("col_change", lang)] == pytest.approx(nps - nps_before)
    assert row[label("col_target", lang)] == pytest.approx(target)
    miss = (target - nps) if direction == "higher" else (nps - target)
    expected = "green" if miss <= 0 else "amber" if miss <= tolerance else "red"
    assert row[label("col_status", lang)] == label(f"status_{expected}", lang)


def test_scorecard_rates_are_recomputed_from_the_marts_counts(workbook, published, pack_month):
    lang, _ = workbook
    rows = scorecard(workbook)
    (sla,) = published.execute(
        "select sum(resolved_within_sla) / sum(resolve_sla_evaluated) "
        "from marts.mart_complaints_monthly where is_all_branches and received_month = ?",
        [pack_month],
    ).fetchone()
    (stable, at_risk, cold) = published.execute(
        "select stable_customers / customers, at_risk_customers / customers, "
        "cold_customers / customers from marts.mart_segments_monthly "
        "where is_all_branches and is_all_tiers and month_start = ?",
        [pack_month],
    ).fetchone()
    retention, profit, customers = published.execute(
        "select sum(retained_customers) / sum(retention_base_customers), sum(profit), "
        "sum(value_customers) from marts.mart_service_profit_chain where month_start = ?",
        [pack_month],
    ).fetchone()
    (recovered, reached) = published.execute(
        "select recovered, reached from marts.mart_closed_loop_monthly "
        "where is_all_branches and is_all_case_types and case_month = ?",
        [pack_month],
    ).fetchone()
    actual = label("col_actual", lang)
    assert rows[label("kpi_complaint_sla_share", lang)][actual] == pytest.approx(sla)
    assert rows[label("kpi_stable_share", lang)][actual] == pytest.approx(stable)
    assert rows[label("kpi_at_risk_share", lang)][actual] == pytest.approx(at_risk)
    assert rows[label("kpi_cold_share", lang)][actual] == pytest.approx(cold)
    assert rows[label("kpi_retention", lang)][actual] == pytest.approx(retention)
    assert rows[label("kpi_profit", lang)][actual] == pytest.approx(profit)
    assert rows[label("kpi_profit_per_customer", lang)][actual] == pytest.approx(profit / customers)
    assert rows[label("kpi_recovery_rate", lang)][actual] == pytest.approx(recovered / reached)


def test_trends_cover_thirteen_months_ending_with_the_pack_month(workbook, published, pack_month):
    lang, book = workbook
    rows = rows_of(book[sheet_title("section_trends", lang)])
    assert len(rows) == 13
    month_column, nps_column = label("col_month", lang), label("kpi_nps", lang)
    assert rows[-1][month_column] == month_label(pack_month, lang)
    nps_by_month = dict(
        published.execute(
            "select response_month, nps from marts.mart_satisfaction_monthly "
            "where is_all_branches and is_all_channels and is_all_tiers"
        ).fetchall()
    )
    month = pack_month
    for row in reversed(rows):
        assert row[month_column] == month_label(month, lang)
        expected = nps_by_month.get(month)
        assert row[nps_column] == (None if expected is None else pytest.approx(expected))
        month = prior(month)


def test_migration_matrix_matches_the_migration_mart(workbook, published, pack_month):
    lang, book = workbook
    rows = rows_of(book[sheet_title("section_migration", lang)])
    expected = {
        (source, target): customers
        for source, target, customers in published.execute(
            "select from_segment, to_segment, customers from marts.mart_segment_migration "
            "where is_all_branches and month_start = ?",
            [pack_month],
        ).fetchall()
    }
    assert expected, "no migration for the month"
    seen = {}
    for row in rows:
        source = row[label("col_from_segment", lang)]
        for target in ("stable", "at_risk", "cold", "churned"):
            seen[(source, target)] = row[label(f"segment_{target}", lang)]
    for (source, target), customers in expected.items():
        assert seen[(value_label("segment", source, lang), target)] == customers


def test_branch_league_table_has_every_branch_of_the_chain_mart(workbook, published, pack_month):
    lang, book = workbook
    rows = rows_of(book[sheet_title("section_branches", lang)])
    expected = dict(
        published.execute(
            "select branch_id, profit from marts.mart_service_profit_chain where month_start = ?",
            [pack_month],
        ).fetchall()
    )
    got = {row[label("col_branch_id", lang)]: row[label("col_profit", lang)] for row in rows}
    assert got.keys() == expected.keys()
    for branch, profit in expected.items():
        assert got[branch] == (None if profit is None else pytest.approx(profit))
    nps = [row[label("kpi_nps", lang)] for row in rows if row[label("kpi_nps", lang)] is not None]
    assert nps == sorted(nps, reverse=True)
    assert [row[label("col_rank", lang)] for row in rows] == list(range(1, len(rows) + 1))


def test_complaints_sheet_adds_up_to_the_month(workbook, published, pack_month):
    lang, book = workbook
    rows = rows_of(book[sheet_title("section_complaints", lang)])
    (total,) = published.execute(
        "select count(*) from marts.fct_complaints where received_month = ?", [pack_month]
    ).fetchone()
    assert sum(row[label("col_complaints", lang)] for row in rows) == total


def test_bench_pack_stage_writes_the_pack_of_the_published_copy(published_path, tmp_path):
    # the bench's pack stage reads <workdir>/cx.published.duckdb, as the bench lays it out
    shutil.copyfile(published_path, tmp_path / "cx.published.duckdb")
    detail = stage_pack(tmp_path)
    written = sorted(path.name for path in (tmp_path / "packs").iterdir())
    assert written == sorted(detail["files"])
    assert [name.rsplit(".", 1)[1] for name in detail["files"]] == ["html", "xlsx"]
    assert all((tmp_path / "packs" / name).stat().st_size > 0 for name in written)
