"""Raw suites judge pending loads only, one load at a time, and record what they accept.

The warehouse of each test is a private copy of the clean raw warehouse (conftest): every load
is pending there until a passing run is recorded with `record_accepted`.
"""

from __future__ import annotations

import json
import weakref

import dagster as dg
import duckdb
import pytest

from orchestration.assets.checks import build_suite_check
from orchestration.contract import load_contracts
from orchestration.ingestion import load_source
from orchestration.ingestion.loader import ensure_raw_layer
from orchestration.quality import gx_runner
from orchestration.quality.gx_runner import (
    SuiteError,
    load_suite_spec,
    pending_loads,
    raw_suite_path,
    record_accepted,
    run_suite,
)
from orchestration.settings import LANDING_SOURCES
from tests.quality.test_checks import _mini_defs


def transactions_suite():
    return load_suite_spec(raw_suite_path("transactions"))


def load_ids(con, source: str = "transactions") -> list[int]:
    rows = con.execute(
        "select load_id from raw._load_manifest where source_name = ? order by load_id", [source]
    ).fetchall()
    return [row[0] for row in rows]


def accepted_ids(con, source: str = "transactions") -> list[int]:
    rows = con.execute(
        "select load_id from raw._load_checks where source_name = ? order by load_id", [source]
    ).fetchall()
    return [row[0] for row in rows]


def rows_per_load(con, source: str = "transactions") -> dict[int, int]:
    rows = con.execute(f"select _load_id, count(*) from raw.{source} group by 1").fetchall()
    return dict(rows)


def test_the_acceptance_record_is_part_of_the_raw_layer(tmp_path):
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        contracts = list(load_contracts().values())
        ensure_raw_layer(con, contracts)
        con.execute("insert into raw._load_checks values ('branches', 1, 'branches', now())")
        ensure_raw_layer(con, contracts)  # idempotent: keeps what it recorded
        columns = con.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'raw' and table_name = '_load_checks' order by ordinal_position"
        ).fetchall()
        assert columns == [
            ("source_name", "VARCHAR"),
            ("load_id", "BIGINT"),
            ("suite", "VARCHAR"),
            ("accepted_at", "TIMESTAMP"),
        ]
        assert accepted_ids(con, "branches") == [1]


def test_a_second_run_without_new_loads_judges_nothing_and_reads_no_raw_rows(
    raw_warehouse, monkeypatch
):
    spec = transactions_suite()
    with duckdb.connect(str(raw_warehouse())) as con:
        first = run_suite(spec, con)
        assert first.success, first.failures_markdown()
        assert [load.load_id for load in first.loads] == load_ids(con)
        assert len(first.loads) >= 2
        assert record_accepted(con, first) == len(first.loads)
        assert accepted_ids(con) == load_ids(con)
        assert {row[0] for row in con.execute("select suite from raw._load_checks").fetchall()} == {
            spec.name
        }

        def no_reads(*args, **kwargs):
            raise AssertionError("a run without pending loads read a frame")

        monkeypatch.setattr(gx_runner, "read_frames", no_reads)
        second = run_suite(spec, con)
        assert second.success
        assert second.loads == [] and second.outcomes == []
        assert set(second.rows_by_frame.values()) == {0}
        assert second.summary().startswith("no new loads to judge")
        assert record_accepted(con, second) == 0
        assert accepted_ids(con) == load_ids(con)  # nothing added, nothing lost


def test_the_check_passes_on_no_new_loads_and_says_so(raw_warehouse, monkeypatch):
    path = raw_warehouse()
    monkeypatch.setenv("CX_DUCKDB_PATH", str(path))
    assets, resources = _mini_defs(path, build_suite_check(transactions_suite()))
    first = dg.materialize(assets, resources=resources)
    second = dg.materialize(assets, resources=resources)
    (before,) = first.get_asset_check_evaluations()
    (after,) = second.get_asset_check_evaluations()
    assert before.passed and before.metadata["judged_loads"].value >= 2
    assert before.metadata["accepted_loads"].value == before.metadata["judged_loads"].value
    assert after.passed
    assert "no new loads to judge" in after.description
    assert after.metadata["judged_loads"].value == 0
    assert after.metadata["accepted_loads"].value == 0
    assert after.metadata["rows_validated"].value["main"] == 0
    assert after.metadata["failing_expectations"].value == "No new loads to judge."


def test_only_a_new_load_is_judged_after_the_earlier_ones_were_accepted(raw_warehouse, tmp_path):
    spec = transactions_suite()
    landing = tmp_path / "landing"
    (landing / "transactions").mkdir(parents=True)
    new_file = landing / "transactions" / "transactions_new.csv"
    with duckdb.connect(str(raw_warehouse())) as con:
        assert record_accepted(con, run_suite(spec, con)) >= 2
        first_load = load_ids(con)[0]
        con.execute(
            f"""
            copy (
                select * exclude (_source_file, _file_checksum, _row_number, _load_id, _loaded_at)
                    replace ('N' || transaction_id as transaction_id)
                from raw.transactions where _load_id = {first_load}
            ) to '{new_file}' (header, delimiter ',')
            """
        )
        loaded = load_source(con, load_contracts()["transactions"], landing, encoding="utf-8")
        (new_load,) = loaded.loaded
        assert [load.load_id for load in pending_loads(con, "transactions")] == [new_load.load_id]

        run = run_suite(spec, con)
        assert run.success, run.failures_markdown()
        assert [(load.load_id, load.source_file) for load in run.loads] == [
            (new_load.load_id, "transactions/transactions_new.csv")
        ]
        assert run.rows_by_frame["main"] == new_load.rows == rows_per_load(con)[first_load]
        assert record_accepted(con, run) == 1
        assert accepted_ids(con)[-1] == new_load.load_id


def test_a_failed_load_is_judged_again_until_its_bad_rows_are_removed(raw_warehouse):
    """10% of the latest file dated 2099 fails that load; nothing is recorded, so every run
    judges it again and fails; once the bad rows are deleted the check passes and accepts."""
    spec = transactions_suite()
    path = raw_warehouse(
        "update raw.transactions set occurred_at = '2099-01-01T10:00:00' "
        "where _row_number % 10 = 0 and _load_id = (select max(_load_id) from raw.transactions)"
    )
    with duckdb.connect(str(path)) as con:
        *earlier, latest = load_ids(con)
        for _ in range(2):
            run = run_suite(spec, con)
            assert not run.success
            assert [load.load_id for load in run.failed_loads] == [latest]
            assert {load.load_id for load in run.loads if load.passed} == set(earlier)
            assert {(o.load_id, o.target) for o in run.failures} == {(latest, "occurred_at")}
            assert record_accepted(con, run) == 0
            assert accepted_ids(con) == []  # a failed run records nothing, not even good loads
            assert "transactions/" in run.summary() and "occurred_at" in run.summary()

        con.execute("delete from raw.transactions where occurred_at like '2099%'")
        fixed = run_suite(spec, con)
        assert fixed.success, fixed.failures_markdown()
        assert [load.load_id for load in fixed.loads] == [*earlier, latest]
        assert record_accepted(con, fixed) == len(earlier) + 1
        assert accepted_ids(con) == [*earlier, latest]


def test_a_check_judges_each_delivery_not_the_whole_table(raw_warehouse):
    """Negative amounts in 5% of one file: under 2% of the table (which the 98% threshold
    would let pass), but that file fails: mostly applies per delivered file."""
    path = raw_warehouse(
        "update raw.transactions set amount = '-1' where _load_id = "
        "(select min(_load_id) from raw.transactions) and _row_number % 20 = 0"
    )
    with duckdb.connect(str(path), read_only=True) as con:
        per_load = rows_per_load(con)
        first = min(per_load)
        bad_share = (per_load[first] // 20) / sum(per_load.values())
        run = run_suite(transactions_suite(), con)
    assert bad_share < 0.02 and len(per_load) >= 3  # under the threshold table-wide ...
    assert {(o.load_id, o.target) for o in run.failures} == {(first, "amount")}  # ... per file not


def test_memory_is_bounded_by_one_load(raw_warehouse, monkeypatch):
    """The frames of at most one load exist at any time: when a load's frames are read, those
    of the previous load are already freed, and each frame holds only the judged load's rows."""
    monkeypatch.setattr(gx_runner, "COLLECT_AFTER_ROWS", 0)
    real_read_frames = gx_runner.read_frames
    alive: list[weakref.ref] = []
    seen: list[tuple[int | None, dict[str, int]]] = []

    def recording_read_frames(spec, con, project_dir=gx_runner.REPO_ROOT, load_id=None):
        assert all(ref() is None for ref in alive), "a previous load's frame is still held"
        frames = real_read_frames(spec, con, project_dir, load_id=load_id)
        assert set(frames["main"]["_load_id"]) == {load_id}
        for frame in frames.values():
            alive.append(weakref.ref(frame))
        seen.append((load_id, {name: len(frame) for name, frame in frames.items()}))
        return frames

    monkeypatch.setattr(gx_runner, "read_frames", recording_read_frames)
    with duckdb.connect(str(raw_warehouse()), read_only=True) as con:
        per_load = rows_per_load(con)
        with_customer = dict(
            con.execute(
                "select _load_id, count(*) from raw.transactions "
                "where nullif(trim(customer_id), '') is not null group by 1"
            ).fetchall()
        )
        run = run_suite(transactions_suite(), con)
    assert run.success, run.failures_markdown()
    assert len(per_load) >= 2
    assert [load_id for load_id, _ in seen] == sorted(per_load)  # one read per load, in order
    for load_id, rows in seen:
        assert rows == {
            "main": per_load[load_id],
            "customer": with_customer[load_id],
            "load_volume": 1,
        }
        assert rows["main"] < sum(per_load.values())
    assert run.max_rows_by_frame["main"] == max(per_load.values()) < run.rows_by_frame["main"]
    assert run.rows_by_frame["main"] == sum(per_load.values())


@pytest.mark.parametrize("source", LANDING_SOURCES)
def test_every_frame_of_a_raw_suite_holds_only_the_judged_load(source, raw_warehouse, monkeypatch):
    real_read_frames = gx_runner.read_frames
    checked: list[int] = []
    rows: dict[str, int] = {}

    def checking_read_frames(spec, con, project_dir=gx_runner.REPO_ROOT, load_id=None):
        frames = real_read_frames(spec, con, project_dir, load_id=load_id)
        (source_file,) = con.execute(
            "select source_file from raw._load_manifest where load_id = ?", [load_id]
        ).fetchone()
        for name, frame in frames.items():
            column = "latest_file" if name == gx_runner.VOLUME_FRAME else "_source_file"
            assert set(frame[column]) <= {source_file}, (name, load_id)  # a file may be empty
            rows[name] = rows.get(name, 0) + len(frame)
        checked.append(load_id)
        return frames

    monkeypatch.setattr(gx_runner, "read_frames", checking_read_frames)
    with duckdb.connect(str(raw_warehouse()), read_only=True) as con:
        run = run_suite(load_suite_spec(raw_suite_path(source)), con)
        assert checked == load_ids(con, source)
    assert run.success, run.failures_markdown()
    assert rows == run.rows_by_frame and all(rows.values())


def test_an_empty_delivery_and_rows_without_a_manifest_entry_are_judged(raw_warehouse):
    """Pending loads come from the manifest (a file of 0 rows too: the volume check fails it)
    and from raw.<source> (rows whose manifest entry was removed are still judged)."""
    path = raw_warehouse(
        "delete from raw._load_manifest where load_id = "
        "(select min(load_id) from raw._load_manifest where source_name = 'transactions')",
        "insert into raw._load_manifest values (9999, 'transactions', 'transactions/empty.csv', "
        "'0', 10, 0, 'csv', 'utf-8', now())",
    )
    with duckdb.connect(str(path), read_only=True) as con:
        in_table = sorted(rows_per_load(con))
        run = run_suite(transactions_suite(), con)
    judged = {load.load_id: load for load in run.loads}
    assert sorted(judged) == [*in_table, 9999]
    assert judged[9999].rows == 0 and judged[9999].source_file == "transactions/empty.csv"
    assert judged[in_table[0]].source_file.startswith("transactions/")  # from its rows
    assert {(o.load_id, o.target) for o in run.failures} == {(9999, "volume_ratio")}


def _suite_with_frame(tmp_path, name: str, frame_sql: str):
    document = json.loads(raw_suite_path(name).read_text(encoding="utf-8"))
    document["meta"]["cx"]["frames"]["customer"] = frame_sql
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_a_raw_frame_must_be_restricted_to_the_judged_load(tmp_path):
    whole_table = "select _source_file, customer_id, true as customer_known from raw.transactions"
    with pytest.raises(SuiteError, match=r"customer.*load_id"):
        load_suite_spec(_suite_with_frame(tmp_path, "transactions", whole_table))
    scoped = whole_table + " where _load_id = {load_id}"
    assert load_suite_spec(_suite_with_frame(tmp_path, "transactions", scoped)).frames["customer"]


@pytest.mark.parametrize(("bad_rows", "passes"), [(1, True), (2, False)])
def test_one_bad_row_in_a_small_file_is_a_reject_two_fail_the_file(bad_rows, passes, raw_warehouse):
    """A month of complaints is a few rows: one unknown channel in it is left to the staging
    rejects (row_allowance), two fail that file although the rest of the table is clean."""
    with duckdb.connect(str(raw_warehouse()), read_only=True) as con:
        load_id, rows = con.execute(
            "select _load_id, count(*) from raw.complaints group by 1 order by 2 desc limit 1"
        ).fetchone()
    assert 2 <= rows <= 20  # small: one row is more than the 5% mostly allows
    path = raw_warehouse(
        f"update raw.complaints set received_via = 'fax' where _load_id = {load_id} "
        f"and _row_number <= {bad_rows}"
    )
    with duckdb.connect(str(path), read_only=True) as con:
        run = run_suite(load_suite_spec(raw_suite_path("complaints")), con)
    outcome = next(o for o in run.outcomes if o.target == "received_via" and o.load_id == load_id)
    assert outcome.observed.startswith(f"{bad_rows} of {rows} rows unexpected")
    assert "or at most 1 unexpected row(s)" in outcome.threshold
    assert run.success is passes
    assert outcome.success is passes
