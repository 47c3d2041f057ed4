"""Every query of docs/analyst_guide.md and docs/bi/ runs against a built warehouse's
published copy, the file analysts and BI tools open."""

from __future__ import annotations

import re

import pytest

from orchestration.settings import REPO_ROOT

GUIDE = REPO_ROOT / "docs" / "analyst_guide.md"
BI_SQL = sorted((REPO_ROOT / "docs" / "bi").rglob("*.sql"))


def guide_queries() -> list[str]:
    blocks = re.findall(r"```sql\n(.*?)```", GUIDE.read_text(encoding="utf-8"), flags=re.S)
    return [block.strip().rstrip(";") for block in blocks]


def test_guide_answers_at_least_ten_questions_and_shows_the_lineage():
    text = GUIDE.read_text(encoding="utf-8")
    assert len(guide_queries()) >= 10
    assert all(";" not in query for query in guide_queries()), "one statement per block"
    for mart in (
        "mart_satisfaction_monthly",
        "mart_servqual_drivers",
        "mart_complaints_monthly",
        "mart_closed_loop_monthly",
        "mart_loyalty_segments",
        "mart_segment_migration",
        "mart_segments_monthly",
        "mart_customer_value_monthly",
        "mart_service_profit_chain",
        "mart_service_profit_chain_links",
    ):
        assert mart in text.split("## The ten questions")[0], f"{mart} missing from the lineage"
    assert BI_SQL, "no worked BI example under docs/bi/"


@pytest.mark.slow
@pytest.mark.parametrize("number", range(len(guide_queries())))
def test_guide_query_runs_on_the_published_copy(number, published):
    query = guide_queries()[number]
    cursor = published.execute(query)
    assert cursor.description, query
    cursor.fetchall()


@pytest.mark.slow
@pytest.mark.parametrize("path", BI_SQL, ids=[path.name for path in BI_SQL])
def test_bi_example_query_runs_on_the_published_copy(path, published):
    rows = published.execute(path.read_text(encoding="utf-8")).fetchall()
    assert rows, f"{path.name} returned no rows on the sample warehouse"
