"""Incremental transactions: a refresh that lands one more file validates only what it must,
and gives the same warehouse as a --full-refresh build of the same raw rows."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import duckdb

from orchestration.dbt_project import dbt_executable
from orchestration.settings import REPO_ROOT
from tests.conftest import differing_rows, run_refresh_job

REDELIVERED = 20  # earlier transactions the new file delivers again, with changed values


def _copy_warehouse(source: Path, target: Path) -> None:
    shutil.copy2(source, target)
    wal = source.with_name(source.name + ".wal")
    if wal.exists():
        shutil.copy2(wal, target.with_name(target.name + ".wal"))


def _land_next_day(con: duckdb.DuckDBPyConnection, landing: Path) -> dict:
    """A daily file for the day after the data: that last day's transactions again with new ids
    (so its volume is a real day's), REDELIVERED transactions of the last month with a changed
    amount (half of them also moved to the new day, so to another month), one bad row. The
    last month: the loyalty models restate only their last stored month end (var
    activity_restate_months), so re-deliveries further back are a full refresh's job."""
    last_day = con.sql("select max(occurred_on) from marts.fct_transactions").fetchall()[0][0]
    next_day = last_day + timedelta(days=1)
    redelivered_month = con.sql(
        "select max(transaction_month) from marts.fct_transactions"
    ).fetchall()[0][0]
    target = landing / "transactions" / f"transactions_{next_day}.csv"
    con.execute(
        f"""
        copy (
            with transactions as (
                select * from marts.fct_transactions
            ),

            new_day as (
                select
                    'N' || transaction_id as transaction_id,
                    customer_id,
                    strftime(occurred_at + interval 1 day, '%Y-%m-%dT%H:%M:%S') as occurred_at,
                    channel, transaction_type,
                    cast(amount as varchar) as amount,
                    cast(fee_amount as varchar) as fee_amount,
                    branch_id, employee_id, currency,
                    1 as part, _row
                from (select *, row_number() over (order by transaction_id) as _row
                      from transactions where occurred_on = date '{last_day}')
            ),

            redelivered as (
                select
                    transaction_id,
                    customer_id,
                    strftime(
                        case when _row % 2 = 0
                            then occurred_at + (date '{next_day}' - occurred_on) * interval 1 day
                            else occurred_at end,
                        '%Y-%m-%dT%H:%M:%S'
                    ) as occurred_at,
                    channel, transaction_type,
                    cast(amount + 1000 as varchar) as amount,
                    cast(fee_amount as varchar) as fee_amount,
                    branch_id, employee_id, currency,
                    2 as part, _row
                from (select *, row_number() over (order by transaction_id) as _row
                      from transactions
                      where transaction_month = date '{redelivered_month}')
                where _row <= {REDELIVERED}
            ),

            bad_row as (
                -- an earlier transaction again, with an amount that does not parse: rejected,
                -- so the earlier version stays the valid one
                select
                    transaction_id, customer_id,
                    strftime(occurred_at, '%Y-%m-%dT%H:%M:%S') as occurred_at,
                    channel, transaction_type, 'not a number' as amount,
                    null as fee_amount, branch_id, employee_id, currency,
                    3 as part, 1 as _row
                from transactions
                where transaction_month = date '{redelivered_month}'
                order by transaction_id desc
                limit 1
            )

            select * exclude (part, _row) from (
                select * from new_day
                union all select * from redelivered
                union all select * from bad_row
            )
            order by part, _row
        ) to '{target}' (header, format csv)
        """
    )
    rows = con.sql(f"select count(*) from read_csv('{target}')").fetchall()[0][0]
    return {"file": target, "day": next_day, "redelivered_month": redelivered_month, "rows": rows}


def _full_refresh(warehouse: Path, target_path: Path) -> None:
    completed = subprocess.run(
        [dbt_executable(), "run", "--full-refresh", "--quiet", "--target-path", str(target_path)],
        cwd=REPO_ROOT,
        env={**os.environ, "CX_DUCKDB_PATH": str(warehouse)},
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]


def _compared_relations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every table that transactions feed (directly or through the marts) and every mart."""
    tables = con.sql(
        "select table_schema || '.' || table_name from information_schema.tables "
        "where table_type = 'BASE TABLE' and table_catalog = current_database() and ("
        "table_schema in ('marts', 'data_quality', 'intermediate') "
        "or table_name like '%transactions%') and table_schema <> 'raw' order by 1"
    ).fetchall()
    views = ["staging.stg_transactions__transactions", "staging.stg_transactions__rejects"]
    return [name for (name,) in tables] + views


def test_incremental_transactions_equal_a_full_refresh(built_warehouse, tmp_path):
    landing, warehouse = tmp_path / "landing", tmp_path / "incremental.duckdb"
    shutil.copytree(built_warehouse.landing_root, landing)
    _copy_warehouse(built_warehouse.duckdb_path, warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        added = _land_next_day(con, landing)
        before = dict(
            con.sql(
                "select transaction_id, amount from marts.fct_transactions "
                f"where transaction_month = date '{added['redelivered_month']}'"
            ).fetchall()
        )
        rows_before = con.sql("select count(*) from staging.base_transactions__validated")
        rows_before = rows_before.fetchall()[0][0]
    assert added["rows"] > 2 * REDELIVERED

    assert run_refresh_job(landing, warehouse).success

    with duckdb.connect(str(warehouse), read_only=True) as con:
        (new_load,) = con.sql(
            "select load_id from raw._load_manifest where source_file = ?",
            params=[f"transactions/{added['file'].name}"],
        ).fetchall()[0]
        rows_after = con.sql("select count(*) from staging.base_transactions__validated")
        assert rows_after.fetchall()[0][0] == rows_before + added["rows"]
        # the re-delivered versions won: their changed amounts are the facts now ...
        redelivered = con.sql(
            "select transaction_id, amount from marts.fct_transactions where load_id = ? "
            "and transaction_id not like 'N%'",
            params=[new_load],
        ).fetchall()
        assert len(redelivered) == REDELIVERED
        assert all(amount == before[key] + 1000 for key, amount in redelivered)
        # ... and the earlier versions are duplicate_key rejects of their own (earlier) loads
        superseded = con.sql(
            "select count(*) from staging.stg_transactions__rejects "
            "where reject_reason = 'duplicate_key' and _load_id < ?",
            params=[new_load],
        ).fetchall()[0][0]
        assert superseded >= REDELIVERED
        bad = con.sql(
            "select reject_reason from staging.stg_transactions__rejects where _load_id = ?",
            params=[new_load],
        ).fetchall()
        assert bad == [("invalid_type:amount",)]
        reconciled = con.sql(
            "select bool_and(is_reconciled), count(*) from data_quality.dq_load_reconciliation "
            "where load_id = ?",
            params=[new_load],
        ).fetchall()[0]
        assert reconciled == (True, 1)

    full = tmp_path / "full.duckdb"
    _copy_warehouse(warehouse, full)
    _full_refresh(full, tmp_path / "dbt_target")

    with duckdb.connect(str(warehouse), read_only=True) as con:
        con.execute(f"attach '{full}' as full_build (read_only)")
        relations = _compared_relations(con)
        assert "marts.fct_transactions" in relations
        assert "staging.base_transactions__validated" in relations
        assert "marts.mart_customer_value_monthly" in relations
        differing = {
            relation: differing_rows(con, relation, f"full_build.{relation}")
            for relation in relations
        }
        assert {name: n for name, n in differing.items() if n} == {}
