"""The scorecard's red / amber / green rule and the targets seed it reads."""

from __future__ import annotations

import csv

import pytest
import yaml

from orchestration.pack.data import KPI_CODES, KpiTarget, rag_status
from orchestration.pack.labels import LABELS
from orchestration.settings import REPO_ROOT

HIGHER = KpiTarget(target=10.0, direction="higher", amber_tolerance=5.0)
LOWER = KpiTarget(target=0.10, direction="lower", amber_tolerance=0.05)


@pytest.mark.parametrize(
    ("value", "target", "expected"),
    [
        (12.0, HIGHER, "green"),
        (10.0, HIGHER, "green"),
        (7.5, HIGHER, "amber"),
        (5.0, HIGHER, "amber"),
        (4.9, HIGHER, "red"),
        (0.08, LOWER, "green"),
        (0.10, LOWER, "green"),
        (0.14, LOWER, "amber"),
        (0.16, LOWER, "red"),
        (None, HIGHER, "none"),
        (3.0, None, "none"),
    ],
)
def test_rag_status(value, target, expected):
    assert rag_status(value, target) == expected


def test_every_scored_kpi_has_a_target_row_a_label_and_an_accepted_code():
    with (REPO_ROOT / "seeds" / "kpi_targets.csv").open(encoding="utf-8") as handle:
        rows = {row["kpi_code"]: row for row in csv.DictReader(handle)}
    seeds = yaml.safe_load((REPO_ROOT / "seeds" / "_seeds.yml").read_text(encoding="utf-8"))
    (seed,) = [entry for entry in seeds["seeds"] if entry["name"] == "kpi_targets"]
    columns = {column["name"]: column for column in seed["columns"]}
    assert set(columns) == {"kpi_code", "target", "direction", "amber_tolerance", "unit", "note"}
    assert all(column["description"].strip() for column in columns.values())
    (accepted,) = [
        test["accepted_values"]["arguments"]["values"]
        for test in columns["kpi_code"]["data_tests"]
        if isinstance(test, dict) and "accepted_values" in test
    ]
    assert set(rows) == set(accepted) == set(KPI_CODES) - {"profit"}
    for code, row in rows.items():
        assert row["direction"] in ("higher", "lower"), code
        assert float(row["amber_tolerance"]) >= 0, code
        float(row["target"])
    for code in KPI_CODES:
        assert f"kpi_{code}" in LABELS
