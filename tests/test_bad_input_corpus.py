"""The bad-input corpus (tests/bad_input/corpus/) through the real refresh job, end to end.

Each file stands for a kind of bad delivery a bank's exports produce. Two refreshes run on a
small clean generated landing root:

1. with the files under `unreadable/` added: each fails its source's load with a message that
   names the file, the row or line, and the problem; nothing of it is loaded, every other file
   is, the dbt build does not run and nothing is published;
2. after those files are taken away (the GB18030 one stays, now with its encoding configured)
   and the files under `loadable/` are added: raw checks judge each delivered file, and the two
   corpus files that are mostly bad rows (transactions/zz_bad_rows.csv,
   survey_answers/zz_scores.csv) fail their source's check, so dbt does not run;
3. after those two loads are accepted by hand (README, "Data-quality checks": a reviewed
   delivery whose bad rows the staging rejects will catch), the refresh succeeds, every corpus
   row is in raw, bad rows are rejected with exactly the expected reason codes, good ones are
   staged with the values they mean, and every file reconciles (rows in = staged + rejected).

The exact outcome of every file and row is asserted below, so the corpus documents itself.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from orchestration.assets.checks import CHECK_NAME
from orchestration.settings import LANDING_SOURCES, Settings, encoding_env_var
from tests.conftest import run_refresh_job, step_failure_messages

pytestmark = pytest.mark.slow

CORPUS = Path(__file__).parent / "bad_input" / "corpus"

# What each unreadable file does to its source's load: the message, to the letter where the
# text is ours, and the start of it where it quotes a library's error.
UNREADABLE = {
    "customers": "customers/zz_empty.csv (line 1): the file is empty: a header row is required",
    "transactions": "transactions/zz_truncated.csv.gz (line ",
    "complaints": (
        "complaints/zz_missing_severity.csv (line 1): missing required column(s) severity; "
        "header has complaint_id, customer_id, received_at, received_via, category"
    ),
    "callbacks": (
        "callbacks/zz_ragged.csv (data row 2, line 3): expected 5 fields as in the header, found 4"
    ),
    "balances": "balances/zz_gb18030.csv (line 1): header is not valid utf-8 (",
}
UNREADABLE_PROBLEM = {
    "transactions": "cannot decompress the file",
    "balances": "set the source's encoding if the file uses another one",
}

# Every row of every loadable corpus file: (file, row) -> reject_reason, None = staged.
LOADABLE_ROWS: dict[tuple[str, int], str | None] = {
    ("transactions/zz_bad_rows.csv", 1): None,
    ("transactions/zz_bad_rows.csv", 2): None,
    ("transactions/zz_bad_rows.csv", 3): None,
    ("transactions/zz_bad_rows.csv", 4): "invalid_type:occurred_at",
    ("transactions/zz_bad_rows.csv", 5): "invalid_type:occurred_at",
    ("transactions/zz_bad_rows.csv", 6): "invalid_type:amount",
    ("transactions/zz_bad_rows.csv", 7): "out_of_range:amount",
    ("transactions/zz_bad_rows.csv", 8): "invalid_value:channel;out_of_range:amount",
    ("transactions/zz_bad_rows.csv", 9): "missing_required:transaction_type",
    ("transactions/zz_bad_rows.csv", 10): "in_future:occurred_at",
    ("transactions/zz_bad_rows.csv", 11): "out_of_range:occurred_at",
    ("transactions/zz_bad_rows.csv", 12): None,  # orphan customer: staged, flagged by a test
    ("transactions/zz_bad_rows.csv", 13): "duplicate_key",  # the later row 14 wins
    ("transactions/zz_bad_rows.csv", 14): None,
    ("transactions/zz_bad_rows.csv", 15): None,  # codes compared case-insensitively
    ("survey_responses/zz_bom_crlf.csv", 1): None,
    ("survey_responses/zz_bom_crlf.csv", 2): None,
    ("survey_responses/zz_bom_crlf.csv", 3): None,
    ("survey_answers/zz_scores.csv", 1): None,
    ("survey_answers/zz_scores.csv", 2): "out_of_range:answer_numeric",  # csat is 1-5
    ("survey_answers/zz_scores.csv", 3): "out_of_range:answer_numeric",  # nps is 0-10
    ("survey_answers/zz_scores.csv", 4): "out_of_range:answer_numeric",  # ces is 1-7
    ("survey_answers/zz_scores.csv", 5): "invalid_value:question_code",
    ("survey_answers/zz_scores.csv", 6): "invalid_type:answer_numeric",
    ("survey_answers/zz_scores.csv", 7): None,
    ("survey_answers/zz_scores.csv", 8): None,  # orphan response: staged, flagged by a test
    ("employees/zz_redelivered.csv", 1): None,  # wins over the same employee in employees.csv
    ("employees/zz_redelivered.csv", 2): None,  # orphan branch: staged, flagged by a test
    ("balances/zz_gb18030.csv", 1): None,
    ("balances/zz_gb18030.csv", 2): None,
}

STAGED = {
    "transactions": "stg_transactions__transactions",
    "survey_responses": "stg_survey_responses__responses",
    "survey_answers": "stg_survey_answers__answers",
    "employees": "stg_employees__employees",
    "balances": "stg_balances__balances",
    "customers": "stg_customers__customers",
}


@dataclass
class CorpusRuns:
    landing: Path
    duckdb_path: Path
    first_failures: dict[str, str]
    first_success: bool
    first_published: bool
    manifest_after_first: set[str]
    blocked_success: bool
    blocked_raw_checks: dict[str, bool]
    blocked_files: set[str]
    blocked_materialized: set[str]
    second_success: bool
    second_failures: dict[str, str]

    def connect(self) -> duckdb.DuckDBPyConnection:
        return duckdb.connect(str(self.duckdb_path), read_only=True)


def _add_corpus(part: str, landing: Path) -> None:
    for path in sorted((CORPUS / part).rglob("*")):
        if path.is_file():
            target = landing / path.relative_to(CORPUS / part)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)


def _manifest_files(duckdb_path: Path) -> set[str]:
    with duckdb.connect(str(duckdb_path), read_only=True) as con:
        return {
            row[0] for row in con.execute("select source_file from raw._load_manifest").fetchall()
        }


@pytest.fixture(scope="module")
def corpus_runs(tmp_path_factory: pytest.TempPathFactory) -> CorpusRuns:
    from orchestration.generator import generate

    root = tmp_path_factory.mktemp("bad_input")
    landing = root / "landing"
    generate(out=landing, truth=root / "truth", customers=120, months=2, seed=5, defect_rate=0)
    duckdb_path = root / "cx.duckdb"
    with pytest.MonkeyPatch.context() as env:
        for key in ("CX_LANDING_ROOT", "CX_DUCKDB_PATH", "CX_PUBLISHED_PATH", "CX_ENCODING"):
            env.delenv(key, raising=False)
        env.delenv(encoding_env_var("balances"), raising=False)
        _add_corpus("unreadable", landing)
        first = run_refresh_job(landing, duckdb_path)
        published = Settings.from_env().published_path.exists()
        manifest = _manifest_files(duckdb_path)

        for path in (CORPUS / "unreadable").rglob("*"):
            relative = path.relative_to(CORPUS / "unreadable")
            if path.is_file() and relative.parts[0] != "balances":
                (landing / relative).unlink()
        env.setenv(encoding_env_var("balances"), "gb18030")
        _add_corpus("loadable", landing)
        blocked = run_refresh_job(landing, duckdb_path)
        raw_checks = [
            evaluation
            for evaluation in blocked.get_asset_check_evaluations()
            if evaluation.check_name == CHECK_NAME and evaluation.asset_key.path[0] == "raw"
        ]
        failed_loads = [
            (evaluation.asset_key.path[1], load["load_id"], load["source_file"])
            for evaluation in raw_checks
            for load in evaluation.metadata["loads"].value
            if not load["passed"]
        ]
        with duckdb.connect(str(duckdb_path)) as con:  # accepted by hand, after review
            con.executemany(
                "insert into raw._load_checks values (?, ?, 'manual: bad-input corpus', now())",
                [(source, load_id) for source, load_id, _ in failed_loads],
            )
        second = run_refresh_job(landing, duckdb_path)
    return CorpusRuns(
        landing=landing,
        duckdb_path=duckdb_path,
        first_failures=step_failure_messages(first),
        first_success=first.success,
        first_published=published,
        manifest_after_first=manifest,
        blocked_success=blocked.success,
        blocked_raw_checks={e.asset_key.path[1]: e.passed for e in raw_checks},
        blocked_files={source_file for _, _, source_file in failed_loads},
        blocked_materialized={
            e.asset_key.path[0] for e in blocked.get_asset_materialization_events()
        },
        second_success=second.success,
        second_failures=step_failure_messages(second),
    )


# ---- first refresh: files that cannot be read -------------------------------------------------


def test_unreadable_files_fail_their_source_naming_file_row_and_problem(corpus_runs):
    assert not corpus_runs.first_success
    failed_sources = {
        step.split("__")[-1]: message
        for step, message in corpus_runs.first_failures.items()
        if step.startswith("raw__")
    }
    assert sorted(failed_sources) == sorted(UNREADABLE)
    for source, expected in UNREADABLE.items():
        message = failed_sources[source]
        assert f"1 file(s) of '{source}' could not be loaded:\n- {expected}" in message, message
        assert UNREADABLE_PROBLEM.get(source, expected) in message, message


def test_unreadable_files_load_nothing_and_the_rest_still_loads(corpus_runs):
    manifest = corpus_runs.manifest_after_first
    corpus_files = {
        path.relative_to(CORPUS / "unreadable").as_posix()
        for path in (CORPUS / "unreadable").rglob("*")
        if path.is_file()
    }
    generated = {
        path.relative_to(corpus_runs.landing).as_posix()
        for path in corpus_runs.landing.rglob("*")
        if path.is_file() and not path.name.startswith("zz_")
    }
    assert not manifest & corpus_files
    assert generated <= manifest, "every readable file of every source is loaded"


def test_a_failed_load_runs_no_dbt_and_publishes_nothing(corpus_runs):
    assert not corpus_runs.first_published
    assert not any(step.startswith("cx_dbt_assets") for step in corpus_runs.first_failures)


# ---- second refresh: files that load, with rejects ------------------------------------------


def test_a_file_of_mostly_bad_rows_fails_its_raw_check_and_blocks_dbt(corpus_runs):
    """Raw checks judge each delivery: 2 of 15 transactions dated outside 2000..now (and 2
    out-of-range amounts, a duplicated id) or 2 of 8 answers above their scale fail that file,
    while one bad row in a file (the orphan branch of zz_redelivered.csv) is a reject."""
    assert not corpus_runs.blocked_success
    assert corpus_runs.blocked_files == {
        "transactions/zz_bad_rows.csv",
        "survey_answers/zz_scores.csv",
    }
    assert corpus_runs.blocked_raw_checks == {
        source: source not in ("transactions", "survey_answers") for source in LANDING_SOURCES
    }
    assert corpus_runs.blocked_materialized == {"raw"}  # no dbt, no publish


def test_the_refresh_with_the_loadable_corpus_succeeds(corpus_runs):
    assert corpus_runs.second_success, corpus_runs.second_failures


def test_every_corpus_row_is_in_raw_and_staged_or_rejected_as_expected(corpus_runs):
    observed: dict[tuple[str, int], str | None] = {}
    with corpus_runs.connect() as con:
        for source in sorted({file.split("/")[0] for file, _ in LOADABLE_ROWS}):
            files = sorted({file for file, _ in LOADABLE_ROWS if file.startswith(f"{source}/")})
            placeholders = ", ".join("?" for _ in files)
            landed = con.execute(
                f"select _source_file, _row_number from raw.{source} "
                f"where _source_file in ({placeholders})",
                files,
            ).fetchall()
            rejected = dict(
                ((file, row), reason)
                for file, row, reason in con.execute(
                    "select source_file, row_number, reject_reason "
                    "from data_quality.dq_rejected_rows "
                    f"where source_name = ? and source_file in ({placeholders})",
                    [source, *files],
                ).fetchall()
            )
            staged = set(
                con.execute(
                    f"select _source_file, _row_number from staging.{STAGED[source]} "
                    f"where _source_file in ({placeholders})",
                    files,
                ).fetchall()
            )
            for key in landed:
                assert (key in staged) != (key in rejected), f"{key}: staged xor rejected"
                observed[key] = rejected.get(key)
    assert observed == LOADABLE_ROWS


def test_good_rows_of_bad_files_mean_what_they_say(corpus_runs):
    with corpus_runs.connect() as con:
        occurred = dict(
            con.execute(
                "select transaction_id, occurred_at from staging.stg_transactions__transactions "
                "where transaction_id in ('TX002', 'TX003', 'TX013', 'TX014')"
            ).fetchall()
        )
        codes = con.execute(
            "select channel, transaction_type, amount from staging.stg_transactions__transactions "
            "where transaction_id = 'TX014'"
        ).fetchone()
        duplicate_amount = con.execute(
            "select amount from staging.stg_transactions__transactions "
            "where transaction_id = 'TX013'"
        ).fetchone()[0]
        responses = dict(
            con.execute(
                "select response_id, responded_at from staging.stg_survey_responses__responses "
                "where response_id like 'RX%'"
            ).fetchall()
        )
        channels = {
            row[0]
            for row in con.execute(
                "select channel from staging.stg_survey_responses__responses "
                "where response_id like 'RX%'"
            ).fetchall()
        }
    assert occurred["TX002"] == datetime(2025, 2, 10, 9, 31)
    assert occurred["TX003"] == datetime(2025, 2, 10, 9, 32)  # 01:32 UTC is 09:32 in Shanghai
    assert occurred["TX014"] == datetime(2025, 2, 10, 9, 43)
    assert codes[:2] == ("atm", "withdrawal") and float(codes[2]) == 10.0
    assert float(duplicate_amount) == 11.0  # the later of the two rows with the same id
    # BOM: the first column is found by its name; CRLF: no carriage return left in a value.
    assert responses == {
        "RX001": datetime(2025, 2, 11, 10, 0),
        "RX002": datetime(2025, 2, 11, 11, 0, 0, 250000),
        "RX003": datetime(2025, 2, 11, 11, 0),
    }
    assert channels == {"branch", "mobile", "online"}


def test_a_gb18030_file_loads_once_its_encoding_is_configured(corpus_runs):
    with corpus_runs.connect() as con:
        raw = con.execute(
            'select customer_id, "备注" from raw.balances '
            "where _source_file = 'balances/zz_gb18030.csv' order by _row_number"
        ).fetchall()
        staged = con.execute(
            "select customer_id, month, deposit_balance from staging.stg_balances__balances "
            "where _source_file = 'balances/zz_gb18030.csv' order by customer_id"
        ).fetchall()
    assert raw == [("C00000001", "客户经理已回访"), ("C00000002", "存款转入理财")]
    assert [(customer, str(month), float(balance)) for customer, month, balance in staged] == [
        ("C00000001", "2025-03-01", 1000.0),
        ("C00000002", "2025-03-01", 2500.5),
    ]


def test_an_id_delivered_again_in_a_later_file_replaces_the_earlier_row(corpus_runs):
    with corpus_runs.connect() as con:
        staged = con.execute(
            "select role, _source_file from staging.stg_employees__employees "
            "where employee_id = 'E000001'"
        ).fetchall()
        earlier = con.execute(
            "select reject_reason from data_quality.dq_rejected_rows "
            "where source_name = 'employees' and source_file = 'employees/employees.csv' "
            "and row_number = 1"
        ).fetchall()
    assert staged == [("branch_manager", "employees/zz_redelivered.csv")]
    assert earlier == [("duplicate_key",)]


def test_a_header_only_file_loads_zero_rows_and_reconciles(corpus_runs):
    with corpus_runs.connect() as con:
        row = con.execute(
            "select rows_in_file, rows_landed, rows_staged, rows_rejected, is_reconciled "
            "from data_quality.dq_load_reconciliation "
            "where source_file = 'customers/zz_header_only.csv'"
        ).fetchone()
    assert row == (0, 0, 0, 0, True)


def test_orphan_keys_are_staged_and_kept_for_inspection(corpus_runs):
    orphans = {"C99999999", "RX999", "B9999"}
    found: set[str] = set()
    with corpus_runs.connect() as con:
        tables = con.execute(
            "select table_name, column_name from information_schema.columns "
            "where table_schema = 'dq_test_failures'"
        ).fetchall()
        for table, column in tables:
            values = con.execute(
                f'select distinct cast("{column}" as varchar) from dq_test_failures."{table}"'
            ).fetchall()
            found |= {value for (value,) in values} & orphans
    assert found == orphans


def test_every_file_of_both_refreshes_reconciles(corpus_runs):
    with corpus_runs.connect() as con:
        files = con.execute(
            "select source_file, rows_in_file, rows_staged + rows_rejected, is_reconciled "
            "from data_quality.dq_load_reconciliation"
        ).fetchall()
        manifest = con.execute("select count(*) from raw._load_manifest").fetchone()[0]
    assert len(files) == manifest
    assert [file for file in files if not file[3] or file[1] != file[2]] == []
    corpus_files = {file for file, _ in LOADABLE_ROWS} | {"customers/zz_header_only.csv"}
    assert corpus_files <= {file[0] for file in files}


def test_the_configured_encoding_is_per_source(corpus_runs):
    # The GB18030 setting of balances does not leak to the UTF-8 sources loaded beside it.
    assert os.environ.get(encoding_env_var("balances")) is None
    with corpus_runs.connect() as con:
        encodings = dict(
            con.execute(
                "select source_file, encoding from raw._load_manifest "
                "where source_file in ('balances/zz_gb18030.csv', 'customers/customers.csv')"
            ).fetchall()
        )
    assert encodings == {"balances/zz_gb18030.csv": "gb18030", "customers/customers.csv": "utf-8"}
