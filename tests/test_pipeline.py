"""End to end: generated landing files → raw → staging/rejects → core marts, reconciled."""

from __future__ import annotations

import csv
import hashlib

import pytest

from orchestration.settings import LANDING_SOURCES
from tests.conftest import run_refresh_job

STAGED_MODEL = {
    "branches": "stg_branches__branches",
    "customers": "stg_customers__customers",
    "employees": "stg_employees__employees",
    "balances": "stg_balances__balances",
    "transactions": "stg_transactions__transactions",
    "survey_responses": "stg_survey_responses__responses",
    "survey_answers": "stg_survey_answers__answers",
    "complaints": "stg_complaints__complaints",
    "callbacks": "stg_callbacks__callbacks",
}

pytestmark = pytest.mark.slow


def count(con, relation: str) -> int:
    return con.execute(f"select count(*) from {relation}").fetchone()[0]


@pytest.mark.parametrize("source", LANDING_SOURCES)
def test_every_landed_row_is_staged_or_rejected(built_warehouse, source):
    with built_warehouse.connect() as con:
        landed = count(con, f"raw.{source}")
        staged = count(con, f"staging.{STAGED_MODEL[source]}")
        rejected = count(con, f"staging.stg_{source}__rejects")
        in_files = con.execute(
            "select sum(row_count) from raw._load_manifest where source_name = ?", [source]
        ).fetchone()[0]
    assert landed > 0
    assert in_files == landed
    assert landed == staged + rejected


def test_reconciliation_mart_agrees_for_every_file(built_warehouse):
    with built_warehouse.connect() as con:
        files = con.execute(
            "select count(*), count(*) filter (where is_reconciled) "
            "from data_quality.dq_load_reconciliation"
        ).fetchone()
        manifest_files = count(con, "raw._load_manifest")
    assert files == (manifest_files, manifest_files)


def test_planted_defects_are_rejected_with_their_reason_and_nothing_else(built_warehouse):
    with open(built_warehouse.truth_dir / "defects.csv", encoding="utf-8") as handle:
        planted = {
            (row["source_file"], int(row["row_number"])): row["expected_reason"]
            for row in csv.DictReader(handle)
        }
    assert planted, "the generator planted no defects at this defect rate"
    with built_warehouse.connect() as con:
        rejected = {
            (source_file, row_number): reason
            for source_file, row_number, reason in con.execute(
                "select source_file, row_number, reject_reason from data_quality.dq_rejected_rows"
            ).fetchall()
        }
    assert set(rejected) == set(planted)
    for key, expected in planted.items():
        assert expected in rejected[key].split(";"), (key, expected, rejected[key])


def test_core_marts_are_built_without_pii(built_warehouse):
    with built_warehouse.connect() as con:
        for mart in ("dim_customers", "dim_branches", "dim_employees", "dim_date"):
            assert count(con, f"marts.{mart}") > 0, mart
        assert count(con, "marts.fct_transactions") == count(
            con, "staging.stg_transactions__transactions"
        )
        columns = {
            row[0]
            for row in con.execute(
                "select column_name from information_schema.columns where table_schema = 'marts'"
            ).fetchall()
        }
    assert not {"full_name", "phone"} & columns


def test_fee_and_interest_are_not_customer_activity(built_warehouse):
    with built_warehouse.connect() as con:
        flags = dict(
            con.execute(
                "select transaction_type, bool_or(is_customer_initiated) "
                "from marts.fct_transactions group by 1"
            ).fetchall()
        )
    assert flags["fee"] is False and flags["interest"] is False
    assert flags["deposit"] is True and flags["purchase"] is True


def _fingerprint(con, relation: str) -> str:
    rows = con.execute(f"select * from {relation} order by all").fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_second_refresh_loads_nothing_twice_and_changes_no_mart(built_warehouse):
    marts = ("marts.fct_transactions", "marts.dim_customers", "data_quality.dq_rejected_rows")
    with built_warehouse.connect() as con:
        before_raw = {source: count(con, f"raw.{source}") for source in LANDING_SOURCES}
        before_marts = {mart: _fingerprint(con, mart) for mart in marts}
        files = count(con, "raw._load_manifest")
    result = run_refresh_job(built_warehouse.landing_root, built_warehouse.duckdb_path)
    assert result.success
    with built_warehouse.connect() as con:
        assert {source: count(con, f"raw.{source}") for source in LANDING_SOURCES} == before_raw
        assert count(con, "raw._load_manifest") == files
        assert {mart: _fingerprint(con, mart) for mart in marts} == before_marts
