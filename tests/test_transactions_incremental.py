"""Incremental base models: a refresh that lands more files validates only the loads it must
(base_<source>__validated, macro validate_new_loads), and gives the same warehouse as a
--full-refresh build of the same raw rows. Transactions (one file re-delivering and adding
transactions); balances and survey answers (two rounds of later files re-delivering keys of
an older month's file with changed values and adding keys; the second round makes the first
round's keys of that file duplicates of a stored load that is not rebuilt); customers. The
re-delivered keys lie REDELIVERED_MONTHS_BACK months before the last month, so the monthly
models must find them through _written_at."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import duckdb

from orchestration.dbt_command import dbt_executable
from orchestration.settings import REPO_ROOT
from tests.conftest import differing_rows, run_refresh_job

# how far before the last month the re-delivered keys are: further back than a rebuild of the
# last stored month alone (the rule before _written_at) would reach
REDELIVERED_MONTHS_BACK = 3

REDELIVERED = 20  # earlier transactions the new file delivers again, with changed values


def _copy_warehouse(source: Path, target: Path) -> None:
    shutil.copy2(source, target)
    wal = source.with_name(source.name + ".wal")
    if wal.exists():
        shutil.copy2(wal, target.with_name(target.name + ".wal"))


def _incremental_copy(built_warehouse, tmp_path: Path) -> tuple[Path, Path]:
    """The built warehouse and its landing files, copied to refresh incrementally."""
    landing, warehouse = tmp_path / "landing", tmp_path / "incremental.duckdb"
    shutil.copytree(built_warehouse.landing_root, landing)
    _copy_warehouse(built_warehouse.duckdb_path, warehouse)
    return landing, warehouse


def _land_next_day(con: duckdb.DuckDBPyConnection, landing: Path) -> dict:
    """A daily file for the day after the data: that last day's transactions again with new ids
    (so its volume is a real day's), REDELIVERED transactions of an older month with a changed
    amount (half of them also moved to the new day, so to another month), one bad row. The
    re-delivered month is REDELIVERED_MONTHS_BACK before the last: the monthly models rebuild
    every month from the earliest one a new row falls in, however old."""
    last_day = con.sql("select max(occurred_on) from marts.fct_transactions").fetchall()[0][0]
    next_day = last_day + timedelta(days=1)
    redelivered_month = con.sql(
        "select cast(max(transaction_month) - interval (?) month as date) "
        "from marts.fct_transactions",
        params=[REDELIVERED_MONTHS_BACK],
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


def _compared_relations(con: duckdb.DuckDBPyConnection, sources: list[str]) -> list[str]:
    """Every table that the sources feed (directly or through the marts), every mart, and the
    staging views of the sources."""
    named = " or ".join(f"table_name like '%{source}%'" for source in sources)
    tables = con.sql(
        "select table_schema || '.' || table_name from information_schema.tables "
        "where table_type = 'BASE TABLE' and table_catalog = current_database() and ("
        f"table_schema in ('marts', 'data_quality', 'intermediate') or {named}) "
        "and table_schema <> 'raw' order by 1"
    ).fetchall()
    views = [
        f"staging.{name}"
        for source in sources
        for (name,) in con.sql(
            "select table_name from information_schema.tables where table_type = 'VIEW' "
            "and table_catalog = current_database() and table_schema = 'staging' "
            "and starts_with(table_name, ?) order by 1",
            params=[f"stg_{source}__"],
        ).fetchall()
    ]
    return [name for (name,) in tables] + views


def _assert_same_as_a_full_refresh(warehouse: Path, tmp_path: Path, sources: list[str]) -> None:
    """A --full-refresh build of a copy of the warehouse (the same raw rows) has the same rows
    in every relation the sources feed, the monthly models and every mart included."""
    full = tmp_path / "full.duckdb"
    _copy_warehouse(warehouse, full)
    _full_refresh(full, tmp_path / "dbt_target")

    with duckdb.connect(str(warehouse), read_only=True) as con:
        con.execute(f"attach '{full}' as full_build (read_only)")
        relations = _compared_relations(con, sources)
        assert "marts.mart_customer_value_monthly" in relations
        for source in sources:
            assert f"staging.base_{source}__validated" in relations
            assert f"staging.stg_{source}__rejects" in relations
        differing = {
            relation: differing_rows(con, relation, f"full_build.{relation}")
            for relation in relations
        }
        assert {name: n for name, n in differing.items() if n} == {}


def _load_id(con: duckdb.DuckDBPyConnection, landing_file: Path) -> int:
    source_file = f"{landing_file.parent.name}/{landing_file.name}"
    (load_id,) = con.sql(
        "select load_id from raw._load_manifest where source_file = ?", params=[source_file]
    ).fetchall()[0]
    return load_id


def _assert_reconciled(con: duckdb.DuckDBPyConnection, load_id: int) -> None:
    """The load's rows are all staged or rejected (dq_load_reconciliation)."""
    reconciled = con.sql(
        "select bool_and(is_reconciled), count(*) from data_quality.dq_load_reconciliation "
        "where load_id = ?",
        params=[load_id],
    ).fetchall()[0]
    assert reconciled == (True, 1)


def test_incremental_transactions_equal_a_full_refresh(built_warehouse, tmp_path):
    landing, warehouse = _incremental_copy(built_warehouse, tmp_path)
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
        new_load = _load_id(con, added["file"])
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
        _assert_reconciled(con, new_load)

    _assert_same_as_a_full_refresh(warehouse, tmp_path, ["transactions"])


@dataclass(frozen=True)
class Redelivery:
    """Later files of one source, one per round: each delivers again the keys (or responses)
    ranked first..last of an older month with changed values, adds new keys, and has one bad
    row (a key of that month, ranked after every round's, with a value that fails a rule, so
    the earlier version stays the valid one). Round 2 leaves round 1's keys alone: the
    older month's load it rebuilds holds earlier versions of them that round 1's file, not
    rebuilt, supersedes."""

    source: str
    staged: str
    columns: tuple[str, ...]  # the contract's, as the staged view has them and in file order
    key: tuple[str, ...]
    rounds: tuple[tuple[int, int], ...]  # first, last rank re-delivered by round 1, 2, ...
    # the file's rows, typed, and is_bad; placeholders month, first, last and after (the
    # last rank of the last round)
    rows_sql: str
    bad_reason: str
    month_columns: tuple[str, ...] = ()  # written as YYYY-MM


BALANCES = Redelivery(
    source="balances",
    staged="staging.stg_balances__balances",
    columns=("customer_id", "month", "deposit_balance", "loan_balance", "products_held"),
    key=("customer_id", "month"),
    rounds=((1, 40), (41, 100)),
    month_columns=("month",),
    bad_reason="out_of_range:deposit_balance",
    rows_sql="""
        with balances as (
            select *, row_number() over (order by customer_id) as key_rank
            from staging.stg_balances__balances
            where month = date '{month}'
        ),

        redelivered as (
            select
                customer_id, month, deposit_balance + 1000 as deposit_balance, loan_balance,
                products_held + 1 as products_held, false as is_bad
            from balances
            where key_rank between {first} and {last}
        ),

        added as (
            -- customers without a balance that month
            select
                customer_id, date '{month}' as month,
                cast(250.5 as decimal(38, 4)) as deposit_balance,
                cast(0 as decimal(38, 4)) as loan_balance, 1 as products_held, false as is_bad
            from staging.stg_customers__customers
            where customer_id not in (select balances.customer_id from balances)
            order by customer_id
            limit 20
        ),

        bad as (
            select
                customer_id, month, -1 as deposit_balance, loan_balance, products_held,
                true as is_bad
            from balances
            where key_rank > {after}
            order by key_rank desc
            limit 1
        )

        select * from redelivered
        union all select * from added
        union all select * from bad
    """,
)

SURVEY_ANSWERS = Redelivery(
    source="survey_answers",
    staged="staging.stg_survey_answers__answers",
    columns=("response_id", "question_code", "answer_numeric", "answer_text"),
    key=("response_id", "question_code"),
    rounds=((1, 30), (31, 60)),
    bad_reason="out_of_range:answer_numeric",
    # every answer of the responses ranked first..last again, scores mirrored within their
    # question's scale and texts amended; a verbatim added where a response had none
    rows_sql="""
        with answers as (
            select * from staging.stg_survey_answers__answers
        ),

        questions as (
            select * from reference.survey_questions
        ),

        responses as (
            select response_id, row_number() over (order by response_id) as response_rank
            from staging.stg_survey_responses__responses
            where
                responded_at >= date '{month}'
                and responded_at < date '{month}' + interval 1 month
                and response_id in (select answers.response_id from answers)
        ),

        redelivered as (
            select
                answers.response_id,
                answers.question_code,
                questions.scale_min + questions.scale_max - answers.answer_numeric
                    as answer_numeric,
                answers.answer_text || ' (corrected)' as answer_text,
                false as is_bad
            from answers
            inner join responses on answers.response_id = responses.response_id
            left join questions on answers.question_code = questions.question_code
            where responses.response_rank between {first} and {last}
        ),

        added as (
            select
                responses.response_id, 'verbatim' as question_code, null as answer_numeric,
                'added later' as answer_text, false as is_bad
            from responses
            where
                responses.response_rank between {first} and {last}
                and not exists (
                    select 1 from answers
                    where
                        answers.response_id = responses.response_id
                        and answers.question_code = 'verbatim'
                )
        ),

        bad as (
            select
                answers.response_id, answers.question_code, 11 as answer_numeric,
                answers.answer_text, true as is_bad
            from answers
            inner join responses on answers.response_id = responses.response_id
            where answers.question_code = 'nps' and responses.response_rank > {after}
            order by responses.response_rank desc
            limit 1
        )

        select * from redelivered
        union all select * from added
        union all select * from bad
    """,
)


# A customer file after the first snapshot: customers ranked first..last again with a new
# city and tier, new customers, and one bad row (a year of birth out of range). Customers have
# no month: the placeholder `month` is not used.
CUSTOMERS = Redelivery(
    source="customers",
    staged="staging.stg_customers__customers",
    columns=(
        "customer_id",
        "customer_since",
        "tier",
        "home_branch_id",
        "birth_year",
        "gender",
        "city",
        "closed_on",
        "full_name",
        "phone",
    ),
    key=("customer_id",),
    rounds=((1, 25), (26, 60)),
    bad_reason="out_of_range:birth_year",
    rows_sql="""
        with customers as (
            select *, row_number() over (order by customer_id) as key_rank
            from staging.stg_customers__customers
        ),

        redelivered as (
            select
                customer_id, customer_since,
                case when tier = 'mass' then 'affluent' else 'mass' end as tier,
                home_branch_id, birth_year, gender, city || ' (moved)' as city, closed_on,
                full_name, phone, false as is_bad
            from customers
            where key_rank between {first} and {last}
        ),

        added as (
            select
                'NEW-' || {first} || '-' || customer_id as customer_id, customer_since, tier,
                home_branch_id, birth_year, gender, city, closed_on, full_name, phone,
                false as is_bad
            from customers
            where key_rank between {first} and {first} + 9
        ),

        bad as (
            select
                customer_id, customer_since, tier, home_branch_id, 1800 as birth_year, gender,
                city, closed_on, full_name, phone, true as is_bad
            from customers
            where key_rank > {after}
            order by key_rank desc
            limit 1
        )

        select * from redelivered
        union all select * from added
        union all select * from bad
    """,
)


@dataclass(frozen=True)
class Landed:
    redelivery: Redelivery
    file: Path
    valid_rows: list[tuple]  # typed, in the staged view's columns
    redelivered: int  # of them, keys with a staged (valid) version before
    duplicates_before: int  # duplicate_key rejects of the source before the refresh
    validated_before: int  # rows of base_<source>__validated before the refresh
    rows: int


def _duplicate_rejects(con: duckdb.DuckDBPyConnection, source: str) -> int:
    return con.sql(
        f"select count(*) from staging.stg_{source}__rejects where reject_reason = 'duplicate_key'"
    ).fetchall()[0][0]


def _as_landed_text(value, is_month: bool) -> str:
    if value is None:
        return ""
    return value.strftime("%Y-%m") if is_month else str(value)


def _land_redelivery(
    con: duckdb.DuckDBPyConnection, landing: Path, redelivery: Redelivery, round_number: int
) -> Landed:
    """Write the round's later file of the source. The keys are those of the month
    REDELIVERED_MONTHS_BACK before the last month end (the monthly models must reach back to
    it); the file is named for a day after the data."""
    month, month_end = con.sql(
        "select cast(max(month_start) - interval (?) month as date), max(month_end_date) "
        "from intermediate.int_customer_activity_monthly",
        params=[REDELIVERED_MONTHS_BACK],
    ).fetchall()[0]
    first, last = redelivery.rounds[round_number - 1]
    after = redelivery.rounds[-1][1]
    rows_sql = redelivery.rows_sql.format(month=month, first=first, last=last, after=after)
    rows = con.sql(rows_sql).fetchall()
    assert sum(row[-1] for row in rows) == 1, "one bad row expected"
    # named for a day after the data (a daily file, as the raw volume check reads it)
    day = month_end + timedelta(days=round_number)
    target = landing / redelivery.source / f"{redelivery.source}_{day}.csv"
    with open(target, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(redelivery.columns)
        for *values, _ in rows:
            writer.writerow(
                _as_landed_text(value, column in redelivery.month_columns)
                for column, value in zip(redelivery.columns, values, strict=True)
            )
    key_positions = [redelivery.columns.index(column) for column in redelivery.key]
    staged_keys = set(
        con.sql(f"select {', '.join(redelivery.key)} from {redelivery.staged}").fetchall()
    )
    valid_rows = [tuple(values) for *values, is_bad in rows if not is_bad]
    redelivered = sum(
        tuple(row[position] for position in key_positions) in staged_keys for row in valid_rows
    )
    assert 0 < redelivered < len(valid_rows), "the file must re-deliver keys and add new ones"
    return Landed(
        redelivery=redelivery,
        file=target,
        valid_rows=valid_rows,
        redelivered=redelivered,
        duplicates_before=_duplicate_rejects(con, redelivery.source),
        validated_before=con.sql(
            f"select count(*) from staging.base_{redelivery.source}__validated"
        ).fetchall()[0][0],
        rows=len(rows),
    )


def _assert_later_versions_won(con: duckdb.DuckDBPyConnection, landed: Landed) -> None:
    source = landed.redelivery.source
    load_id = _load_id(con, landed.file)
    validated = con.sql(f"select count(*) from staging.base_{source}__validated")
    assert validated.fetchall()[0][0] == landed.validated_before + landed.rows
    # the file's valid rows are the staged versions of their keys now ...
    staged = con.sql(
        f"select {', '.join(landed.redelivery.columns)} from {landed.redelivery.staged} "
        "where _load_id = ?",
        params=[load_id],
    ).fetchall()
    assert sorted(staged) == sorted(landed.valid_rows)
    # ... each earlier version of a re-delivered key is a duplicate_key reject now, and no
    # earlier duplicate became valid again
    duplicates = _duplicate_rejects(con, source) - landed.duplicates_before
    assert duplicates == landed.redelivered
    rejected = con.sql(
        f"select reject_reason from staging.stg_{source}__rejects where _load_id = ?",
        params=[load_id],
    ).fetchall()
    assert rejected == [(landed.redelivery.bad_reason,)]
    _assert_reconciled(con, load_id)


def test_incremental_balances_and_survey_answers_equal_a_full_refresh(built_warehouse, tmp_path):
    landing, warehouse = _incremental_copy(built_warehouse, tmp_path)
    for round_number in (1, 2):
        with duckdb.connect(str(warehouse), read_only=True) as con:
            landed = [
                _land_redelivery(con, landing, redelivery, round_number)
                for redelivery in (BALANCES, SURVEY_ANSWERS)
            ]
        assert run_refresh_job(landing, warehouse).success, f"refresh of round {round_number}"
        with duckdb.connect(str(warehouse), read_only=True) as con:
            for delivery in landed:
                _assert_later_versions_won(con, delivery)

    _assert_same_as_a_full_refresh(warehouse, tmp_path, ["balances", "survey_answers"])


def test_incremental_customers_equal_a_full_refresh(built_warehouse, tmp_path):
    """The other bases are incremental by load too (validate_new_loads): customers, one key
    column, delivered as a snapshot and re-delivered in part later."""
    landing, warehouse = _incremental_copy(built_warehouse, tmp_path)
    for round_number in (1, 2):
        with duckdb.connect(str(warehouse), read_only=True) as con:
            landed = _land_redelivery(con, landing, CUSTOMERS, round_number)
        assert run_refresh_job(landing, warehouse).success, f"refresh of round {round_number}"
        with duckdb.connect(str(warehouse), read_only=True) as con:
            _assert_later_versions_won(con, landed)

    _assert_same_as_a_full_refresh(warehouse, tmp_path, ["customers"])
