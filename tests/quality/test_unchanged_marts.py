"""A mart suite whose frames hold what it last passed on passes without being judged again."""

from __future__ import annotations

import json

import duckdb

from orchestration.quality.gx_runner import (
    EXPECTATIONS_DIR,
    MART_FINGERPRINTS_TABLE,
    UNCHANGED_SUMMARY,
    load_suite_spec,
    record_accepted,
    reuses_passes,
    run_suite,
)
from tests.quality.test_bounded_mart_frames import segments as segment_rows
from tests.quality.test_mart_suites import complaints, failed_targets, satisfaction


def _warehouse(tmp_path, name, frame):
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    con.execute("create schema if not exists marts")
    con.execute("create schema if not exists raw")
    con.register("frame", frame)
    con.execute(f"create or replace table marts.{name} as select * from frame")
    con.unregister("frame")
    return con


def test_a_rebuilt_table_with_the_same_rows_is_not_judged_again(tmp_path):
    spec = load_suite_spec(EXPECTATIONS_DIR / "marts" / "mart_satisfaction_monthly.json")
    assert reuses_passes(spec) and not spec.judges_new_rows
    with _warehouse(tmp_path, "mart_satisfaction_monthly", satisfaction()) as con:
        first = run_suite(spec, con)
        assert first.success and not first.unchanged and first.outcomes
        record_accepted(con, first)
        recorded = con.execute(f"select fingerprint from {MART_FINGERPRINTS_TABLE}").fetchall()
        assert recorded == [(first.fingerprint,)]

        # the refresh rebuilds the table from unchanged inputs: same rows, nothing judged
        con.register("frame", satisfaction())
        con.execute("create or replace table marts.mart_satisfaction_monthly as from frame")
        again = run_suite(spec, con)
        assert again.success and again.unchanged and again.outcomes == []
        assert again.fingerprint == first.fingerprint
        assert UNCHANGED_SUMMARY in again.summary()

        # one value changes: judged again, and a failure is not taken for a pass
        con.register("frame", satisfaction(promoters=25))
        con.execute("create or replace table marts.mart_satisfaction_monthly as from frame")
        for _ in range(2):
            changed = run_suite(spec, con)
            assert not changed.unchanged and not changed.success
            assert failed_targets(changed) == {"bucket_difference"}
            assert record_accepted(con, changed) == 0
        assert con.execute(f"select fingerprint from {MART_FINGERPRINTS_TABLE}").fetchall() == [
            (first.fingerprint,)
        ]


def test_the_suite_file_is_part_of_the_fingerprint(tmp_path):
    path = EXPECTATIONS_DIR / "marts" / "mart_satisfaction_monthly.json"
    with _warehouse(tmp_path, "mart_satisfaction_monthly", satisfaction()) as con:
        first = run_suite(load_suite_spec(path), con)
        record_accepted(con, first)
        document = json.loads(path.read_text(encoding="utf-8"))
        document["expectations"][0]["kwargs"]["min_value"] = 1000  # more cells required now
        edited = tmp_path / path.name
        edited.write_text(json.dumps(document), encoding="utf-8")
        run = run_suite(load_suite_spec(edited), con)
        assert not run.unchanged
        assert "table" in failed_targets(run)


def test_an_identical_rebuild_under_a_new_dbt_run_is_accepted_unchanged(tmp_path):
    """A suite of new rows: the rows a later dbt run wrote equal those it passed, so it passes
    unchanged and records that run, which is then not read again."""
    spec = load_suite_spec(EXPECTATIONS_DIR / "marts" / "mart_loyalty_segments.json")
    with _warehouse(tmp_path, "mart_loyalty_segments", segment_rows()) as con:
        first = run_suite(spec, con)
        assert record_accepted(con, first) == 1
        con.register("frame", segment_rows(_invocation_id="run-2"))  # row 3 rewritten
        con.execute("create or replace table marts.mart_loyalty_segments as from frame")
        rebuilt = run_suite(spec, con)
        assert rebuilt.invocations == ["run-2"]
        assert not rebuilt.unchanged  # the frames of run-2's rows hold one row, not three
        record_accepted(con, rebuilt)
        con.register("frame", segment_rows(_invocation_id="run-2").assign(_invocation_id="run-3"))
        con.execute("create or replace table marts.mart_loyalty_segments as from frame")
        same = run_suite(spec, con)
        assert same.invocations == ["run-3"]
        assert not same.unchanged  # three rows of run-3 against one of run-2
        record_accepted(con, same)
        con.register("frame", segment_rows().assign(_invocation_id="run-4"))
        con.execute("create or replace table marts.mart_loyalty_segments as from frame")
        identical = run_suite(spec, con)
        assert identical.unchanged and identical.success
        assert record_accepted(con, identical) == 1  # run-4 accepted
        assert run_suite(spec, con).invocations == []


def test_a_suite_with_the_clock_as_a_lower_bound_is_always_judged(tmp_path):
    path = EXPECTATIONS_DIR / "marts" / "fct_complaints.json"
    assert reuses_passes(load_suite_spec(path))  # `now` only as max_value
    document = json.loads(path.read_text(encoding="utf-8"))
    for expectation in document["expectations"]:
        kwargs = expectation.get("kwargs") or {}
        if kwargs.get("max_value") == {"$PARAMETER": "now"}:
            kwargs["min_value"] = kwargs.pop("max_value")
    edited = tmp_path / path.name
    edited.write_text(json.dumps(document), encoding="utf-8")
    spec = load_suite_spec(edited)
    assert not reuses_passes(spec)
    with _warehouse(tmp_path, "fct_complaints", complaints("2025-03-03 10:00", 1.0)) as con:
        run = run_suite(spec, con)
        assert run.fingerprint is None
        record_accepted(con, run)
        assert not run_suite(spec, con).unchanged
