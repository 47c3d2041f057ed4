"""Run a Great Expectations 1.x suite from expectations/ against pandas frames read from DuckDB.

A suite is a plain GX 1.x ExpectationSuite JSON file. Its `meta.cx` block says what to validate:

- `asset`: the Dagster asset key the check belongs to, e.g. ["raw", "complaints"].
- `frames`: named SQL queries run on the warehouse; each result is one pandas frame. The frame
  `main` defaults to the whole relation `<schema>.<name>` (mart suites) or, in raw suites, to
  the rows of the load being judged (`raw.<source> where _load_id = {load_id}`; only the
  columns its expectations and `sample_columns` use, and `_load_id`, are read). In SQL,
  `{seeds_dir}` is replaced by the dbt seeds folder, so a raw check can read the question
  catalogue before dbt has loaded it, and `{load_id}` by the id of the load being judged. Every
  frame of a raw suite must use `{load_id}` (restrict the judged rows to that load; a reference
  side such as the customers a coverage frame looks up stays whole).
- `parameters`: values for `{"$PARAMETER": name}` in expectation kwargs; strings are read as
  timestamps. `now` is always given: the current local time in the warehouse timezone.
- `blocking`: whether a failure stops downstream assets (default true).
- `sample_columns`: columns shown beside failing values (raw suites: file and row number).
- `row_allowance` (raw suites, default 1): a file fails an expectation with `mostly` only when
  more than this many of its rows are unexpected (one bad row in a 12-row file is 92%).
- `volume` (raw suites): `lookback_loads`, `min_previous_loads` and `min_previous_mean_rows`
  of the built-in frame `load_volume` (see `load_volume_sql`).

Raw suites judge each delivery: they validate only the *pending* loads of their source (loads,
i.e. landing files, with no row in `raw._load_checks`), one load at a time, so `mostly`
thresholds apply per delivered file and at most one load's rows are in memory at once. The
suite passes when every pending load passes; the caller then records the judged loads as
accepted (`record_accepted`), so the next run judges only what has landed since. A failing run
records nothing: its loads stay pending and are judged again next time.

Mart suites of incremental marts judge new rows the same way: a frame that uses
`{rows_not_yet_accepted}` reads only the rows written by dbt runs (`_invocation_id`, which an
incremental model records per row and a run writes for whole partitions) that this suite has
not accepted yet (`raw._mart_checks`), so a refresh that rebuilt one month judges that month.
A frame without it (a row count of the whole mart) reads every row. A passing run records the
runs it judged; a failing one records nothing, so those rows are judged again next time. A
full refresh writes every row under its own id, so it is judged whole.

A mart suite whose frames hold exactly what it last passed on is not judged again: before
reading its frames into pandas, `run_suite` computes their content fingerprint in DuckDB (rows
and a sum of row hashes per frame, with the suite file, its parameters and the GX version;
`content_fingerprint`). When it equals the one recorded at the suite's last pass
(`raw._mart_check_fingerprints`), the run passes as `unchanged` and records the dbt runs it
covered, as a pass does: a table model that a refresh rebuilt from unchanged inputs costs a
scan, not a validation. A suite that uses `now` or `current_year` other than as a `max_value`
(which a later run can only relax) is always judged.

Each expectation picks its frame with `meta.frame` (default `main`). In raw suites the `main`
frame is cast to the landing contract types by the DuckDB SQL that reads the load, exactly as
the dbt staging parsers cast them (`contract_cast_sql`: trimmed text, accepted values in lower
case, numbers, dates, timestamps as local time in the warehouse timezone); values that do not
cast become null and are left to the staging rejects, so range checks judge the values that
will reach the warehouse. It is read in dtypes GX's pandas metrics compare vectorised
(timestamps as datetime64[ns], numbers as float64; see `_typed_frame`).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import importlib.metadata
import json
import os
import re
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import yaml

from orchestration.contract import ContractColumn, SourceContract, load_source_contract
from orchestration.ingestion.loader import LOAD_CHECKS_TABLE, MANIFEST_TABLE
from orchestration.settings import REPO_ROOT

EXPECTATIONS_DIR = REPO_ROOT / "expectations"
MAIN_FRAME = "main"
VOLUME_FRAME = "load_volume"
DEFAULT_TIMEZONE = "Asia/Shanghai"
SAMPLE_SIZE = 5
INDEX_KEY = "cx_index"
LOAD_ID_PLACEHOLDER = "{load_id}"
UNACCEPTED_ROWS_PLACEHOLDER = "{rows_not_yet_accepted}"
# The dbt runs whose rows each mart suite has accepted (see the module docstring).
MART_CHECKS_TABLE = "raw._mart_checks"
# The content fingerprint each mart suite last passed on (see content_fingerprint).
MART_FINGERPRINTS_TABLE = "raw._mart_check_fingerprints"
# Part of every fingerprint: raise it when a change to this module changes how frames are judged.
FINGERPRINT_VERSION = 1
# Parameters that change from run to run: a suite may reuse a pass only when it uses them as
# upper bounds alone (max_value), which a later run can only relax.
CLOCK_PARAMETERS = ("now", "current_year")
# Raw suites judge each file: a file fails an expectation with `mostly` only when more than this
# many of its rows are unexpected, so a single bad row in a small file (a month of complaints
# may be a dozen rows) is left to the staging rejects rather than blocking the refresh.
DEFAULT_RAW_ROW_ALLOWANCE = 1
# After judging a load whose frames held this many rows, collect garbage at once (see run_suite).
COLLECT_AFTER_ROWS = 20_000
UNCHANGED_SUMMARY = "unchanged since its last pass (same content fingerprint): not judged again"


class SuiteError(RuntimeError):
    """A suite file that cannot be used as written (unknown expectation, bad meta)."""


@dataclass(frozen=True)
class SuiteSpec:
    """One suite file: its GX document and how to build the frames it validates."""

    path: Path
    name: str
    asset_key: tuple[str, ...]
    frames: Mapping[str, str]
    expectations: tuple[dict[str, Any], ...]
    parameters: Mapping[str, Any] = field(default_factory=dict)
    blocking: bool = True
    sample_columns: tuple[str, ...] = ()
    description: str = ""
    additional_deps: tuple[tuple[str, ...], ...] = ()
    volume_lookback_loads: int = 6
    volume_min_previous_loads: int = 3
    volume_min_previous_mean_rows: float = 50.0
    row_allowance: int = 0
    default_main: bool = False  # main frame not given: read as `main_columns` (_main_frame_sql)

    @property
    def source(self) -> str | None:
        """The landing source of a raw suite, else None."""
        return self.asset_key[1] if self.asset_key[0] == "raw" else None

    @property
    def judges_new_rows(self) -> bool:
        """A mart suite with a frame limited to the rows it has not accepted yet."""
        return any(UNACCEPTED_ROWS_PLACEHOLDER in sql for sql in self.frames.values())

    def main_columns(self) -> list[str]:
        """Columns the main frame's expectations and samples use, plus `_load_id` (raw
        suites): a default main frame reads only these (_main_frame_sql)."""
        names: list[str] = []
        for expectation in self.expectations:
            if frame_of(expectation) != MAIN_FRAME:
                continue
            kwargs = expectation.get("kwargs") or {}
            for key in ("column", "column_A", "column_B"):
                if isinstance(kwargs.get(key), str):
                    names.append(kwargs[key])
            names += [name for name in kwargs.get("column_list") or () if isinstance(name, str)]
        return list(dict.fromkeys([*names, *self.sample_columns, "_load_id"]))

    def frame_names(self) -> list[str]:
        names = {frame_of(expectation) for expectation in self.expectations}
        return sorted(names, key=lambda name: (name != MAIN_FRAME, name))


def frame_of(expectation: Mapping[str, Any]) -> str:
    return str((expectation.get("meta") or {}).get("frame", MAIN_FRAME))


def raw_suite_path(source: str, expectations_dir: Path = EXPECTATIONS_DIR) -> Path:
    return expectations_dir / "raw" / f"{source}.json"


def mart_suite_paths(expectations_dir: Path = EXPECTATIONS_DIR) -> list[Path]:
    """Every mart suite; adding a file here adds a check (one-file change)."""
    return sorted((expectations_dir / "marts").glob("*.json"))


def load_suite_spec(path: Path) -> SuiteSpec:
    document = json.loads(path.read_text(encoding="utf-8"))
    cx = (document.get("meta") or {}).get("cx") or {}
    asset = cx.get("asset")
    if not asset or len(asset) != 2:
        raise SuiteError(f"{path}: meta.cx.asset must be [schema, name]")
    expectations = tuple(document.get("expectations") or ())
    if not expectations:
        raise SuiteError(f"{path}: no expectations")
    frames = dict(cx.get("frames") or {})
    if asset[0] == "raw":
        frames.setdefault(
            MAIN_FRAME, f'select * from raw."{asset[1]}" where _load_id = {LOAD_ID_PLACEHOLDER}'
        )
    else:
        frames.setdefault(MAIN_FRAME, f'select * from {asset[0]}."{asset[1]}"')
    volume = cx.get("volume") or {}
    spec = SuiteSpec(
        path=path,
        name=str(document.get("name") or path.stem),
        asset_key=tuple(asset),
        frames=frames,
        expectations=expectations,
        parameters=dict(cx.get("parameters") or {}),
        blocking=bool(cx.get("blocking", True)),
        sample_columns=tuple(cx.get("sample_columns") or ()),
        description=str(cx.get("description") or ""),
        additional_deps=tuple(tuple(dep) for dep in cx.get("additional_deps") or ()),
        volume_lookback_loads=int(volume.get("lookback_loads", 6)),
        volume_min_previous_loads=int(volume.get("min_previous_loads", 3)),
        volume_min_previous_mean_rows=float(volume.get("min_previous_mean_rows", 50)),
        row_allowance=int(
            cx.get("row_allowance", DEFAULT_RAW_ROW_ALLOWANCE if asset[0] == "raw" else 0)
        ),
        default_main=MAIN_FRAME not in (cx.get("frames") or {}),
    )
    unknown = sorted(set(spec.frame_names()) - set(frames) - {VOLUME_FRAME})
    if unknown or (VOLUME_FRAME in spec.frame_names() and spec.source is None):
        raise SuiteError(f"{path}: expectations use undefined frame(s) {unknown or [VOLUME_FRAME]}")
    if spec.source is not None:
        unscoped = sorted(name for name, sql in frames.items() if LOAD_ID_PLACEHOLDER not in sql)
        if unscoped:
            raise SuiteError(
                f"{path}: raw frame(s) {', '.join(unscoped)} must restrict the judged rows to "
                f"the load being judged with {LOAD_ID_PLACEHOLDER} (e.g. `where s._load_id = "
                f"{LOAD_ID_PLACEHOLDER}`)"
            )
        if spec.judges_new_rows:
            raise SuiteError(
                f"{path}: {UNACCEPTED_ROWS_PLACEHOLDER} is only known in mart suites (raw suites "
                f"judge loads: {LOAD_ID_PLACEHOLDER})"
            )
    elif any(LOAD_ID_PLACEHOLDER in sql for sql in frames.values()):
        raise SuiteError(f"{path}: {LOAD_ID_PLACEHOLDER} is only known in raw suites")
    return spec


# ---------------------------------------------------------------- frames


def warehouse_timezone(project_dir: Path = REPO_ROOT) -> str:
    """The dbt var warehouse_timezone: local time of timestamps without offset."""
    try:
        document = yaml.safe_load((project_dir / "dbt_project.yml").read_text(encoding="utf-8"))
    except OSError:
        return DEFAULT_TIMEZONE
    return str(((document or {}).get("vars") or {}).get("warehouse_timezone", DEFAULT_TIMEZONE))


# ---------------------------------------------------------------- contract casts (raw main)

# The staging parsers: the raw checks cast with their patterns and decimal type.
STAGING_PARSERS_PATH = Path("macros") / "staging" / "parse_contract_value.sql"
# Characters trimmed from landed text (duckdb__trim_to_null in that file): space, tab, LF, CR,
# no-break space (U+00A0) and ideographic space (U+3000).
TRIM_CHARACTERS = " \t\n\r\u00a0\u3000"
_MACRO_PATTERN = r"\{%%-?\s*macro\s+%s\([^)]*\)\s*-?%%\}(.*?)\{%%-?\s*endmacro\s*-?%%\}"


def _staging_macro(name: str, project_dir: Path = REPO_ROOT) -> str:
    """The body of a macro of the staging parsers (a pattern, the decimal type), as written."""
    path = project_dir / STAGING_PARSERS_PATH
    found = re.search(_MACRO_PATTERN % re.escape(name), path.read_text(encoding="utf-8"), re.S)
    if found is None:
        raise SuiteError(f"{path}: no macro {name}()")
    return found.group(1).strip()


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def contract_cast_sql(
    column: ContractColumn, timezone: str, project_dir: Path = REPO_ROOT
) -> tuple[str, str]:
    """(text, value): DuckDB SQL of a landed column's text, and of its value cast from that text
    to the contract type, as staging casts it. `text` reads the raw column; `value` reads the
    text under the column's own name, one select further out (`cast_landed_sql`), as staging's
    `trimmed` and `typed` steps do, so each value is trimmed once.

    Rule: this mirrors the duckdb__ staging parsers, macros/staging/parse_contract_value.sql
    (their patterns and decimal type are read from that file), and the text step of
    validate_landed_rows.sql; a change to either must be made here too.

    - text: trimmed of TRIM_CHARACTERS, '' is null (duckdb__trim_to_null; trim runs only on
      text that starts or ends with one of them: the same result, and DuckDB's trim with a
      character list costs three times the regex test); lower-cased for a column with accepted
      values (staging compares them case-insensitively). A column's `default` is not filled
      in: the check judges what landed.
    - integer, decimal, date, month: cast only when the staging pattern matches the whole text,
      with try_cast (bigint; the contract decimal type, returned as DOUBLE for GX's range
      checks) or try_strptime '%Y-%m-%d' ('YYYY-MM': its first day); dates are returned as
      timestamps (midnight), which compare with GX's timestamp parameters.
    - timestamp: text without an offset is local time in `timezone`, kept as is; with one ('Z',
      '+08:00', '+0800', '+08') it is converted to `timezone`. A naive local timestamp.
    - text that does not parse is null: left to the staging rejects.
    """
    quoted = _quoted(column.name)
    characters = " || ".join(f"chr({ord(character)})" for character in TRIM_CHARACTERS)
    edge = "[" + "".join(f"\\x{{{ord(character):x}}}" for character in TRIM_CHARACTERS) + "]"
    text = (
        f"nullif(case when regexp_matches({quoted}, {_sql_string(f'^{edge}|{edge}$')}) "
        f"then trim({quoted}, {characters}) else {quoted} end, '')"
    )
    if column.accepted_values:
        text = f"lower({text})"
    kind = column.contract_type
    if kind not in ("integer", "decimal", "date", "month", "timestamp"):
        return text, quoted

    def when(pattern: str, value: str) -> str:
        return f"when regexp_full_match({quoted}, {_sql_string(pattern)}) then {value}"

    def macro(name: str) -> str:
        return _staging_macro(name, project_dir)

    def day(day_text: str) -> str:
        return f"cast(cast(try_strptime({day_text}, '%Y-%m-%d') as date) as timestamp)"

    if kind == "timestamp":
        spaced = f"replace({quoted}, 'T', ' ')"
        local = macro("_local_timestamp_pattern")
        converted = f"timezone({_sql_string(timezone)}, try_cast({spaced} as timestamptz))"
        value = (
            f"case {when(local, f'try_cast({spaced} as timestamp)')} "
            f"{when(local + macro('_offset_pattern'), converted)} end"
        )
        return text, value
    if kind == "integer":
        cast = f"try_cast({quoted} as bigint)"
    elif kind == "decimal":
        cast = f"cast(try_cast({quoted} as {macro('duckdb__contract_decimal_type')}) as double)"
    elif kind == "date":
        cast = day(quoted)
    else:  # month: YYYY-MM is its first day
        cast = day(f"{quoted} || '-01'")
    return text, f"case {when(macro(f'_{kind}_pattern'), cast)} end"


def cast_landed_sql(
    sql: str,
    columns: list[str],
    contract: SourceContract,
    timezone: str,
    project_dir: Path = REPO_ROOT,
) -> str:
    """The rows of `sql` (landed text; its `columns`) with each contract column cast to its
    contract type (`contract_cast_sql`); other columns (lineage) as they are."""
    by_name = {column.name: column for column in contract.columns}
    casts = {
        name: contract_cast_sql(by_name[name], timezone, project_dir)
        for name in columns
        if name in by_name
    }
    texts, values = (
        ", ".join(
            f"{casts[name][step]} as {_quoted(name)}" if name in casts else _quoted(name)
            for name in columns
        )
        for step in (0, 1)
    )
    return f"select {values} from (select {texts} from ({sql}) as landed) as trimmed"


# The period a landing file covers, from the last date in its name: YYYY-MM-DD is one day,
# YYYY-MM a calendar month (e.g. transactions_2025-12-31.parquet, transactions_2025-12.csv).
FILE_PERIOD_PATTERN = r"(\d{4}-\d{2}(-\d{2})?)[^0-9/]*$"


def load_volume_sql(
    source: str,
    lookback_loads: int,
    min_previous_loads: int,
    min_previous_mean_rows: float,
    load_id: int | None = None,
) -> str:
    """One row: the judged load (one landing file; the source's latest load when `load_id` is
    None) against the rows expected of it from up to `lookback_loads` loads before it.

    A file is judged against its cadence: when its name ends in a date (YYYY-MM-DD: one day,
    YYYY-MM: that month's days, `period_days`), it is expected to hold at least the mean rows
    per day of the earlier dated loads x its days (`expected_rows`), and at most the more of
    that and the mean rows of the earlier loads (`expected_max_rows`): a daily file after
    monthly ones holds at least an average day and at most an average month, since one day
    (a month end with the bank's postings for every account) can hold a large share of its
    month. A file without a date in its name (a snapshot) is expected to hold the mean rows of
    the loads before it. volume_ratio = rows / the nearer end of that range, 1 inside it, so
    an empty or truncated file is near 0 and a doubled one near 2 x (a share of) the upper end;
    null (not judged) while fewer than `min_previous_loads` earlier loads exist or under
    `min_previous_mean_rows` rows are expected, where the ratio is noise. No row when the load
    is not in the manifest."""
    up_to = "" if load_id is None else f"and load_id <= {int(load_id)}"
    return f"""
        with manifest as (
            select
                load_id,
                source_file,
                row_count,
                nullif(regexp_extract(source_file, '{FILE_PERIOD_PATTERN}', 1), '') as period
            from {MANIFEST_TABLE}
            where source_name = {_sql_string(source)} {up_to}
        ),
        loads as (
            select
                load_id,
                source_file,
                row_count,
                case
                    when length(period) = 10 then 1
                    when length(period) = 7 then datediff(
                        'day',
                        try_cast(period || '-01' as date),
                        try_cast(period || '-01' as date) + interval 1 month
                    )
                end as period_days,
                row_number() over (order by load_id desc) as recency
            from manifest
        ),
        judged as (
            select * from loads where recency = 1
        ),
        previous as (
            select
                count(*) as previous_loads,
                avg(row_count) as previous_mean_rows,
                count(period_days) as previous_dated_loads,
                avg(row_count / period_days) as previous_mean_rows_per_day
            from loads
            where recency between 2 and {1 + int(lookback_loads)}
        ),
        expected as (
            select
                judged.*,
                previous.previous_mean_rows,
                case
                    when judged.period_days is not null then previous.previous_dated_loads
                    else previous.previous_loads
                end as previous_loads,
                case
                    when judged.period_days is not null
                        then previous.previous_mean_rows_per_day * judged.period_days
                    else previous.previous_mean_rows
                end as expected_rows
            from judged
            cross join previous
        )
        select
            load_id as latest_load_id,
            source_file as latest_file,
            row_count as latest_rows,
            period_days,
            previous_loads,
            previous_mean_rows,
            expected_rows,
            greatest(expected_rows, previous_mean_rows) as expected_max_rows,
            case
                when previous_loads < {int(min_previous_loads)}
                    or expected_rows < {float(min_previous_mean_rows)} then null
                when row_count < expected_rows then row_count / expected_rows
                when row_count > greatest(expected_rows, previous_mean_rows)
                    then row_count / greatest(expected_rows, previous_mean_rows)
                else 1.0
            end as volume_ratio
        from expected
        {"" if load_id is None else f"where load_id = {int(load_id)}"}
    """


@dataclass(frozen=True)
class PendingLoad:
    """One load (landing file) of a raw source that no passing check has accepted yet."""

    load_id: int
    source_file: str


def _relation_exists(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    found = con.execute(
        "select 1 from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, name],
    ).fetchone()
    return found is not None


def pending_loads(con: duckdb.DuckDBPyConnection, source: str) -> list[PendingLoad]:
    """Loads of `source` without a row in raw._load_checks, oldest first: every load in the
    manifest (a file of 0 rows included, so the volume check sees it) and any load id found in
    raw.<source> without a manifest row."""
    accepted = (
        f"select load_id from {LOAD_CHECKS_TABLE} where source_name = $source"
        if _relation_exists(con, "raw", LOAD_CHECKS_TABLE.split(".")[1])
        else "select null::bigint as load_id where false"
    )
    rows = con.execute(
        f"""
        with accepted as ({accepted}),
        manifest as (
            select load_id, source_file from {MANIFEST_TABLE}
            where source_name = $source and load_id not in (select load_id from accepted)
        ),
        in_table as (
            select distinct _load_id as load_id from raw."{source}"
            where _load_id not in (select load_id from accepted)
        )
        select coalesce(manifest.load_id, in_table.load_id) as load_id, manifest.source_file
        from manifest
        full outer join in_table on manifest.load_id = in_table.load_id
        order by 1
        """,
        {"source": source},
    ).fetchall()
    return [PendingLoad(int(load_id), source_file or "") for load_id, source_file in rows]


def record_accepted(
    con: duckdb.DuckDBPyConnection, run: SuiteRun, accepted_at: datetime | None = None
) -> int:
    """Record what a passing run judged as accepted: every load of a raw suite, every dbt run
    whose rows a mart suite judged (`judges_new_rows`). Returns how many rows were written.
    Needs a read-write connection. A failed run records nothing."""
    if not run.success:
        return 0
    when = (accepted_at or datetime.now(UTC)).replace(tzinfo=None)
    source = run.spec.source
    if source is not None:
        rows = [(source, load.load_id, run.spec.name, when) for load in run.loads]
        table = LOAD_CHECKS_TABLE
    else:
        rows = [(run.spec.name, invocation, when) for invocation in run.invocations]
        table = MART_CHECKS_TABLE
        if rows:
            con.execute(
                f"create table if not exists {table} (suite_name varchar not null, "
                "invocation_id varchar not null, accepted_at timestamp not null, "
                "primary key (suite_name, invocation_id))"
            )
        if run.fingerprint is not None and not run.unchanged:
            con.execute(
                f"create table if not exists {MART_FINGERPRINTS_TABLE} (suite_name varchar "
                "primary key, fingerprint varchar not null, accepted_at timestamp not null)"
            )
            con.execute(
                f"insert or replace into {MART_FINGERPRINTS_TABLE} values (?, ?, ?)",
                [run.spec.name, run.fingerprint, when],
            )
    if rows:
        placeholders = ", ".join("?" for _ in rows[0])
        con.executemany(f"insert or ignore into {table} values ({placeholders})", rows)
    return len(rows)


def unaccepted_invocations(con: duckdb.DuckDBPyConnection, spec: SuiteSpec) -> list[str]:
    """The dbt runs (invocation ids) with rows in the suite's mart that it has not accepted."""
    schema, name = spec.asset_key
    accepted: set[str] = set()
    if _relation_exists(con, "raw", MART_CHECKS_TABLE.split(".")[1]):
        accepted = {
            str(invocation)
            for (invocation,) in con.execute(
                f"select invocation_id from {MART_CHECKS_TABLE} where suite_name = ?",
                [spec.name],
            ).fetchall()
        }
    present = con.execute(f'select distinct _invocation_id from {schema}."{name}"').fetchall()
    return sorted(str(invocation) for (invocation,) in present if invocation not in accepted)


def _invocations_sql(invocations: Sequence[str]) -> str:
    """The condition `{rows_not_yet_accepted}` stands for: a constant list, which DuckDB
    applies in the scan (row groups of other runs are skipped on their min/max)."""
    if not invocations:
        return "false"
    return f"_invocation_id in ({', '.join(_sql_string(value) for value in invocations)})"


def _main_frame_sql(con: duckdb.DuckDBPyConnection, spec: SuiteSpec, load_id: int | None) -> str:
    """The default main frame: only the columns the suite uses that the relation has (a column
    missing from it stays missing from the frame, and its expectation fails), so its other
    columns never reach memory. A raw suite reads the judged load's rows; a mart suite every
    row, and every column when its expectations name none (a row count)."""
    schema, name = spec.asset_key
    present = {
        row[0]
        for row in con.execute(
            "select column_name from information_schema.columns "
            "where table_schema = ? and table_name = ?",
            [schema, name],
        ).fetchall()
    }
    columns = [column for column in spec.main_columns() if column in present]
    selected = ", ".join(_quoted(column) for column in columns) or "*"
    sql = f'select {selected} from {schema}."{name}"'
    if spec.source is not None:
        assert load_id is not None
        sql += f" where _load_id = {int(load_id)}"
    return sql


def _contract_cast_select(
    con: duckdb.DuckDBPyConnection, sql: str, source: str, project_dir: Path
) -> str:
    """`cast_landed_sql` of a raw main frame's SQL, with the columns it returns."""
    columns = [row[0] for row in con.execute(f"describe {sql}").fetchall()]
    contract = load_source_contract(source, project_dir)
    return cast_landed_sql(sql, columns, contract, warehouse_timezone(project_dir), project_dir)


def _typed_frame(relation: duckdb.DuckDBPyRelation) -> pd.DataFrame:
    """A frame of typed columns, in the dtypes GX's pandas metrics compare vectorised: read via
    Arrow (text is not turned into Python strings first; an integer column with nulls is
    float64), and timestamps as datetime64[ns] whenever every value fits (GX's range check
    calls Python once per value of any other datetime resolution; a column with a value
    beyond the nanosecond range, years 1677-2262, stays in microseconds and is judged so)."""
    frame = relation.to_arrow_table().to_pandas()
    for name in frame.columns:
        if pd.api.types.is_datetime64_dtype(frame[name].dtype):
            with contextlib.suppress(pd.errors.OutOfBoundsDatetime):
                frame[name] = frame[name].astype("datetime64[ns]")
    return frame


def read_frames(
    spec: SuiteSpec,
    con: duckdb.DuckDBPyConnection,
    project_dir: Path = REPO_ROOT,
    load_id: int | None = None,
    invocations: Sequence[str] | None = None,
) -> dict[str, pd.DataFrame]:
    """The frames of a suite; for a raw suite, those of one load (`load_id`, required), its
    `main` frame cast to the contract types in DuckDB; for a mart suite that judges new rows,
    those of the dbt runs `invocations` (default: `unaccepted_invocations`)."""
    frames: dict[str, pd.DataFrame] = {}
    for name, sql in frame_sqls(spec, con, project_dir, load_id, invocations).items():
        if name == MAIN_FRAME and spec.source is not None:
            cast = _contract_cast_select(con, sql, spec.source, project_dir)
            frames[name] = _typed_frame(con.sql(cast))
        else:
            frames[name] = _typed_frame(con.sql(sql))
    return frames


def frame_sqls(
    spec: SuiteSpec,
    con: duckdb.DuckDBPyConnection,
    project_dir: Path = REPO_ROOT,
    load_id: int | None = None,
    invocations: Sequence[str] | None = None,
) -> dict[str, str]:
    """The SQL of each frame of a suite, as `read_frames` reads it (before a raw main frame's
    contract casts)."""
    if spec.source is not None and load_id is None:
        raise SuiteError(f"{spec.path}: a raw suite's frames are read per load (load_id)")
    if spec.judges_new_rows and invocations is None:
        invocations = unaccepted_invocations(con, spec)
    seeds_dir = (project_dir / "seeds").as_posix()
    sqls: dict[str, str] = {}
    for name in spec.frame_names():
        if name == VOLUME_FRAME:
            assert spec.source is not None
            sql = load_volume_sql(
                spec.source,
                spec.volume_lookback_loads,
                spec.volume_min_previous_loads,
                spec.volume_min_previous_mean_rows,
                load_id,
            )
        elif name == MAIN_FRAME and spec.default_main:
            sql = _main_frame_sql(con, spec, load_id)
        else:
            sql = spec.frames[name].replace("{seeds_dir}", seeds_dir)
            if load_id is not None:
                sql = sql.replace(LOAD_ID_PLACEHOLDER, str(int(load_id)))
            if UNACCEPTED_ROWS_PLACEHOLDER in sql:
                sql = sql.replace(UNACCEPTED_ROWS_PLACEHOLDER, _invocations_sql(invocations or ()))
        sqls[name] = sql
    return sqls


# ---------------------------------------------------------------- unchanged mart suites


def reuses_passes(spec: SuiteSpec) -> bool:
    """Whether a pass of this mart suite holds for as long as its frames do not change: it
    uses the clock parameters (CLOCK_PARAMETERS) as upper bounds (`max_value`) alone."""
    if spec.source is not None:
        return False
    for expectation in spec.expectations:
        for key, value in (expectation.get("kwargs") or {}).items():
            clock = isinstance(value, dict) and value.get("$PARAMETER") in CLOCK_PARAMETERS
            if clock and key != "max_value":
                return False
    return True


def content_fingerprint(
    spec: SuiteSpec, con: duckdb.DuckDBPyConnection, sqls: Mapping[str, str]
) -> str:
    """A digest of what the suite would judge: per frame its row count and the sum of its
    row hashes (computed in DuckDB, order-independent), the suite file, its own parameters and
    the Great Expectations version."""
    digest = hashlib.sha256()
    digest.update(f"v{FINGERPRINT_VERSION}\n".encode())
    digest.update(importlib.metadata.version("great_expectations").encode())
    digest.update(spec.path.read_bytes())
    digest.update(json.dumps(spec.parameters, sort_keys=True, default=str).encode())
    for name in sorted(sqls):
        rows, hashes = con.execute(
            f"select count(*), coalesce(sum(hash(frame)), 0) from ({sqls[name]}) as frame"
        ).fetchall()[0]
        digest.update(f"{name}:{rows}:{hashes}\n".encode())
    return digest.hexdigest()


def accepted_fingerprint(con: duckdb.DuckDBPyConnection, spec: SuiteSpec) -> str | None:
    """The fingerprint of the content the suite last passed on, if any."""
    if not _relation_exists(con, "raw", MART_FINGERPRINTS_TABLE.split(".")[1]):
        return None
    found = con.execute(
        f"select fingerprint from {MART_FINGERPRINTS_TABLE} where suite_name = ?", [spec.name]
    ).fetchall()
    return str(found[0][0]) if found else None


# ---------------------------------------------------------------- validation


@dataclass
class ExpectationOutcome:
    """The result of one expectation, reduced to what a person needs to act on it."""

    expectation_type: str
    frame: str
    target: str
    success: bool
    observed: str
    threshold: str
    samples: list[Any] = field(default_factory=list)
    exception: str | None = None
    notes: str = ""
    index: int = 0  # position of the expectation in the suite file
    load_id: int | None = None  # raw suites: the load (landing file) judged
    source_file: str | None = None

    def as_dict(self) -> dict[str, Any]:
        where = (
            {}
            if self.load_id is None
            else {
                "load_id": self.load_id,
                "source_file": self.source_file,
            }
        )
        return {
            **where,
            "expectation": self.expectation_type,
            "frame": self.frame,
            "target": self.target,
            "observed": self.observed,
            "threshold": self.threshold,
            "samples": self.samples,
            "exception": self.exception,
            "notes": self.notes,
        }


@dataclass(frozen=True)
class LoadJudgement:
    """How one pending load of a raw source fared."""

    load_id: int
    source_file: str
    rows: int  # rows of the load in the main frame
    passed: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "load_id": self.load_id,
            "source_file": self.source_file,
            "rows": self.rows,
            "passed": self.passed,
        }


@dataclass
class SuiteRun:
    """One run of a suite. For a raw suite, `outcomes` holds one entry per expectation and
    judged load (in load order), `loads` the loads judged; `rows_by_frame` sums the rows over
    the loads and `max_rows_by_frame` is the largest frame held at one time."""

    spec: SuiteSpec
    outcomes: list[ExpectationOutcome]
    rows_by_frame: dict[str, int]
    seconds: float
    loads: list[LoadJudgement] = field(default_factory=list)
    max_rows_by_frame: dict[str, int] = field(default_factory=dict)
    # mart suites that judge new rows: the dbt runs whose rows were judged
    invocations: list[str] = field(default_factory=list)
    # mart suites: the content fingerprint of the frames (None when the suite cannot reuse a
    # pass), and whether it equalled the one of the last pass, so nothing was judged again
    fingerprint: str | None = None
    unchanged: bool = False

    @property
    def per_load(self) -> bool:
        return self.spec.source is not None

    @property
    def success(self) -> bool:
        return all(outcome.success for outcome in self.outcomes)

    @property
    def failures(self) -> list[ExpectationOutcome]:
        return [outcome for outcome in self.outcomes if not outcome.success]

    @property
    def failed_loads(self) -> list[LoadJudgement]:
        return [load for load in self.loads if not load.passed]

    @property
    def evaluated_expectations(self) -> int:
        """Distinct expectations of the suite evaluated (on at least one load)."""
        return len({outcome.index for outcome in self.outcomes})

    @property
    def failed_expectations(self) -> int:
        """Distinct expectations that failed (on at least one load)."""
        return len({outcome.index for outcome in self.failures})

    def failures_markdown(self) -> str:
        if self.unchanged:
            return UNCHANGED_SUMMARY
        if not self.failures:
            if self.per_load and not self.loads:
                return "No new loads to judge."
            return "All expectations passed."
        load_header = "load (file) | " if self.per_load else ""
        lines = [
            f"| {load_header}expectation | target | observed | threshold | sample failing values |",
            "|---|---|---|---|---|" + ("---|" if self.per_load else ""),
        ]
        for outcome in self.failures:
            samples = outcome.exception or json.dumps(outcome.samples, default=str)
            load_cell = [f"{outcome.load_id} ({outcome.source_file})"] if self.per_load else []
            cells = [
                *load_cell,
                outcome.expectation_type,
                f"{outcome.frame}: {outcome.target}",
                outcome.observed,
                outcome.threshold,
                samples,
            ]
            lines.append("| " + " | ".join(_md_cell(cell) for cell in cells) + " |")
        return "\n".join(lines)

    def summary(self) -> str:
        if self.per_load:
            return self._load_summary()
        if self.unchanged:
            return f"{UNCHANGED_SUMMARY} ({self.spec.path.name})"
        if self.success:
            return f"{len(self.outcomes)} expectations passed ({self.spec.path.name})"
        names = ", ".join(f"{o.expectation_type}({o.target})" for o in self.failures)
        return f"{len(self.failures)} of {len(self.outcomes)} expectations failed: {names}"

    def _load_summary(self) -> str:
        if not self.loads:
            return f"no new loads to judge: 0 loads ({self.spec.path.name})"
        if self.success:
            return (
                f"{self.evaluated_expectations} expectations passed on each of "
                f"{len(self.loads)} new load(s) ({self.spec.path.name})"
            )
        by_load: dict[int, list[str]] = {}
        for outcome in self.failures:
            by_load.setdefault(outcome.load_id or 0, []).append(
                f"{outcome.expectation_type}({outcome.target})"
            )
        files = {load.load_id: load.source_file for load in self.loads}
        parts = "; ".join(
            f"{files.get(load_id, load_id)}: {', '.join(names)}"
            for load_id, names in by_load.items()
        )
        return (
            f"{len(self.failed_loads)} of {len(self.loads)} new load(s) failed "
            f"{self.failed_expectations} of {self.evaluated_expectations} expectations: {parts}"
        )


def _md_cell(value: str) -> str:
    text = str(value).replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= 300 else text[:297] + "..."


def _target(kwargs: Mapping[str, Any]) -> str:
    for key in ("column", "column_list"):
        if key in kwargs:
            value = kwargs[key]
            return ", ".join(value) if isinstance(value, list) else str(value)
    if "column_A" in kwargs:
        return f"{kwargs['column_A']} vs {kwargs['column_B']}"
    return "table"


def _threshold(kwargs: Mapping[str, Any], parameters: Mapping[str, Any]) -> str:
    parts = []
    for key in ("min_value", "max_value", "value_set", "value", "or_equal", "mostly"):
        if key not in kwargs:
            continue
        value = kwargs[key]
        if isinstance(value, dict) and "$PARAMETER" in value:
            name = value["$PARAMETER"]
            value = f"{name}={parameters.get(name)}"
        parts.append(f"{key}={value}")
    return ", ".join(parts)


def _observed(result: Mapping[str, Any]) -> str:
    if "observed_value" in result:
        return str(result["observed_value"])
    if "unexpected_count" in result:
        percent = result.get("unexpected_percent") or 0.0
        return (
            f"{result['unexpected_count']} of {result.get('element_count')} rows unexpected "
            f"({percent:.2f}% of non-null)"
        )
    return ""


def _samples(result: Mapping[str, Any]) -> list[Any]:
    samples = result.get("partial_unexpected_index_list") or result.get("partial_unexpected_list")
    if samples is None and "observed_value" in result:
        samples = [result["observed_value"]]
    return json.loads(json.dumps((samples or [])[:SAMPLE_SIZE], default=str))


def _exception_messages(info: Mapping[str, Any]) -> list[str]:
    """GX reports one exception dict, or one per failed metric keyed by metric id."""
    entries = [info] if "raised_exception" in info else list(info.values())
    return [
        str(entry.get("exception_message"))
        for entry in entries
        if isinstance(entry, dict) and entry.get("raised_exception")
    ]


def expectation_parameters(
    spec: SuiteSpec, now: datetime | None = None, project_dir: Path = REPO_ROOT
) -> dict[str, Any]:
    """Built-in parameters, then the suite's own (strings read as timestamps):

    - `now`: the current local time (naive, warehouse timezone), `current_year` its year;
    - raw suites: `accepted_<column>`, the contract's accepted values of each column (lower case),
      so suites do not repeat the landing contract.
    """
    if now is None:
        now = datetime.now(UTC)
    local_now = pd.Timestamp(now).tz_convert(warehouse_timezone(project_dir)).tz_localize(None)
    parameters: dict[str, Any] = {"now": local_now, "current_year": local_now.year}
    if spec.source is not None:
        for column in load_source_contract(spec.source, project_dir).columns:
            if column.accepted_values:
                accepted = sorted({value.lower() for value in column.accepted_values})
                parameters[f"accepted_{column.name}"] = accepted
    for name, value in spec.parameters.items():
        parameters[name] = pd.Timestamp(value) if isinstance(value, str) else value
    return parameters


def _gx_context():
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig
    from great_expectations.execution_engine import pandas_execution_engine

    # GX fingerprints every frame it is given under 1 GB (hashing every value) for a batch
    # marker, `pandas_data_fingerprint`, that nothing here or in GX reads: two thirds of the
    # time it spent on a month of transactions at 1M customers. Frames of any size skip it,
    # as GX already does for a frame of 1 GB or more (tests/quality: no frame is hashed).
    pandas_execution_engine.HASH_THRESHOLD = 0

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return gx, context


class FrameValidator:
    """One ephemeral GX context for a suite: a suite and a whole-dataframe batch definition per
    frame, built once and reused for every load a raw suite judges."""

    def __init__(
        self, spec: SuiteSpec, now: datetime | None = None, project_dir: Path = REPO_ROOT
    ) -> None:
        self.spec = spec
        self.gx, context = _gx_context()
        self.datasource = context.data_sources.add_pandas(name="cx_frames")
        self.parameters = expectation_parameters(spec, now, project_dir)
        self._prepared: dict[str, tuple[Any, Any, list[tuple[int, dict[str, Any]]]]] = {}

    def _prepare(self, frame_name: str):
        if frame_name in self._prepared:
            return self._prepared[frame_name]
        spec = self.spec
        # (position in the suite file, expectation document) of this frame's expectations
        documents = [(i, e) for i, e in enumerate(spec.expectations) if frame_of(e) == frame_name]
        # GX does not return results in suite order: tag each expectation to match them back.
        tagged = [
            {**document, "meta": {**(document.get("meta") or {}), INDEX_KEY: index}}
            for index, (_, document) in enumerate(documents)
        ]
        suite = self.gx.ExpectationSuite(name=f"{spec.name}:{frame_name}", expectations=tagged)
        if len(suite.expectations) != len(documents):
            # GX logs and drops an expectation it cannot build; a suite must not shrink silently.
            built = {e.expectation_type for e in suite.expectations}
            missing = sorted({d["type"] for _, d in documents} - built) or ["(invalid kwargs)"]
            raise SuiteError(f"{spec.path}: cannot build expectation(s) {', '.join(missing)}")
        batch_definition = self.datasource.add_dataframe_asset(
            name=frame_name
        ).add_batch_definition_whole_dataframe(name=f"{frame_name}_whole")
        self._prepared[frame_name] = (suite, batch_definition, documents)
        return self._prepared[frame_name]

    def _forget_batches(self) -> None:
        """GX's execution engine keeps the last batch of each asset (and its dataframe) in its
        batch manager; drop them so a judged load's frames are freed before the next load is
        read (memory stays bounded by one load)."""
        batch_manager = self.datasource.get_execution_engine().batch_manager
        batch_manager.reset_batch_cache()
        batch_manager.batch_data_cache.clear()

    def validate(
        self,
        frames: Mapping[str, pd.DataFrame],
        load_id: int | None = None,
        source_file: str | None = None,
    ) -> list[ExpectationOutcome]:
        outcomes: list[ExpectationOutcome] = []
        for frame_name, frame in frames.items():
            outcomes += self._validate_frame(frame_name, frame, load_id, source_file)
        return outcomes

    def _validate_frame(
        self,
        frame_name: str,
        frame: pd.DataFrame,
        load_id: int | None,
        source_file: str | None,
    ) -> list[ExpectationOutcome]:
        spec, parameters = self.spec, self.parameters
        suite, batch_definition, documents = self._prepare(frame_name)
        index_columns = [c for c in spec.sample_columns if c in frame.columns]
        result_format: dict[str, Any] = {
            "result_format": "SUMMARY",
            "partial_unexpected_count": SAMPLE_SIZE,
        }
        if index_columns:
            result_format["unexpected_index_column_names"] = index_columns
        # What Batch.validate runs, without first building a batch of its own: GX builds (and
        # fingerprints, hashing every value) the frame's batch once per validator.
        from great_expectations.validator.v1_validator import Validator

        validator = Validator(
            batch_definition=batch_definition,
            batch_parameters={"dataframe": frame},
            result_format=result_format,
        )
        try:
            validation = validator.validate_expectation_suite(suite, parameters)
        finally:
            del validator
            self._forget_batches()
        results = {
            result.expectation_config.meta[INDEX_KEY]: result for result in validation.results
        }
        if sorted(results) != list(range(len(documents))):
            raise SuiteError(f"{spec.path}: GX returned results that do not match the suite")
        outcomes: list[ExpectationOutcome] = []
        for index, (position, document) in enumerate(documents):
            result_dict = results[index].to_json_dict()
            details = result_dict.get("result") or {}
            messages = _exception_messages(result_dict.get("exception_info") or {})
            kwargs = document.get("kwargs") or {}
            success = bool(result_dict.get("success"))
            threshold = _threshold(kwargs, parameters)
            if "mostly" in kwargs and spec.row_allowance > 0:
                threshold += f", or at most {spec.row_allowance} unexpected row(s)"
                unexpected = details.get("unexpected_count")
                if not success and not messages and unexpected is not None:
                    success = int(unexpected) <= spec.row_allowance
            outcomes.append(
                ExpectationOutcome(
                    expectation_type=document["type"],
                    frame=frame_name,
                    target=_target(kwargs),
                    success=success,
                    observed=_observed(details),
                    threshold=threshold,
                    samples=_samples(details),
                    exception="; ".join(messages) or None,
                    notes=str((document.get("meta") or {}).get("notes", "")),
                    index=position,
                    load_id=load_id,
                    source_file=source_file,
                )
            )
        return outcomes


def validate_frames(
    spec: SuiteSpec,
    frames: Mapping[str, pd.DataFrame],
    now: datetime | None = None,
    project_dir: Path = REPO_ROOT,
) -> list[ExpectationOutcome]:
    """Validate each frame with the suite's expectations for it, in an ephemeral context."""
    return FrameValidator(spec, now, project_dir).validate(frames)


def _rows(frames: Mapping[str, pd.DataFrame]) -> dict[str, int]:
    return {name: len(frame) for name, frame in frames.items()}


@contextlib.contextmanager
def _collect_only_new_objects() -> Iterator[None]:
    """While judging loads, garbage collection walks only the objects made since it began: the
    process's other objects (modules, GX, pandas: some 300,000) are frozen (`gc.freeze`), so
    the collection after each load takes milliseconds instead of a sixth of a second. Left as
    it is when another caller has frozen objects."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def run_suite(
    spec: SuiteSpec,
    con: duckdb.DuckDBPyConnection,
    now: datetime | None = None,
    project_dir: Path = REPO_ROOT,
) -> SuiteRun:
    """Run a suite. A mart suite validates its frames once (a frame using
    `{rows_not_yet_accepted}`, the rows of the dbt runs it has not accepted). A raw suite
    judges each pending load of its source in turn (read its frames, validate, let go of them,
    next load). Neither records anything: call `record_accepted` with a read-write connection
    when it passed."""
    started = time.perf_counter()
    if spec.source is None:
        # the frames read the rows of exactly these runs, the ones a pass records
        invocations = unaccepted_invocations(con, spec) if spec.judges_new_rows else []
        sqls = frame_sqls(spec, con, project_dir, invocations=invocations)
        fingerprint = content_fingerprint(spec, con, sqls) if reuses_passes(spec) else None
        if fingerprint is not None and fingerprint == accepted_fingerprint(con, spec):
            return SuiteRun(
                spec=spec,
                outcomes=[],
                rows_by_frame={},
                seconds=time.perf_counter() - started,
                invocations=invocations,
                fingerprint=fingerprint,
                unchanged=True,
            )
        frames = {name: _typed_frame(con.sql(sql)) for name, sql in sqls.items()}
        outcomes = validate_frames(spec, frames, now, project_dir)
        rows = {name: len(frame) for name, frame in frames.items()}
        return SuiteRun(
            spec=spec,
            outcomes=outcomes,
            rows_by_frame=rows,
            seconds=time.perf_counter() - started,
            max_rows_by_frame=dict(rows),
            invocations=invocations,
            fingerprint=fingerprint,
        )
    loads = pending_loads(con, spec.source)
    rows_by_frame = dict.fromkeys(spec.frame_names(), 0)
    max_rows_by_frame = dict.fromkeys(spec.frame_names(), 0)
    outcomes = []
    judged: list[LoadJudgement] = []
    validator = FrameValidator(spec, now, project_dir) if loads else None
    with _collect_only_new_objects():
        for load in loads:
            frames = read_frames(spec, con, project_dir, load_id=load.load_id)
            source_file = load.source_file
            main = frames.get(MAIN_FRAME)
            if not source_file and main is not None and "_source_file" in main and len(main):
                source_file = str(main["_source_file"].iloc[0])
            assert validator is not None
            load_outcomes = validator.validate(frames, load.load_id, source_file)
            for name, rows in _rows(frames).items():
                rows_by_frame[name] += rows
                max_rows_by_frame[name] = max(max_rows_by_frame[name], rows)
            judged.append(
                LoadJudgement(
                    load_id=load.load_id,
                    source_file=source_file,
                    rows=len(main) if main is not None else 0,
                    passed=all(outcome.success for outcome in load_outcomes),
                )
            )
            outcomes += load_outcomes
            held = sum(_rows(frames).values())
            del frames, main  # one load's frames at a time
            if held >= COLLECT_AFTER_ROWS:
                # GX validators can form reference cycles that still point at the batch; free
                # the load's frames now, not at some later garbage collection.
                gc.collect()
    return SuiteRun(
        spec=spec,
        outcomes=outcomes,
        rows_by_frame=rows_by_frame,
        seconds=time.perf_counter() - started,
        loads=judged,
        max_rows_by_frame=max_rows_by_frame,
    )


__all__ = [
    "EXPECTATIONS_DIR",
    "MART_CHECKS_TABLE",
    "MART_FINGERPRINTS_TABLE",
    "ExpectationOutcome",
    "FrameValidator",
    "LoadJudgement",
    "PendingLoad",
    "SuiteError",
    "SuiteRun",
    "SuiteSpec",
    "accepted_fingerprint",
    "cast_landed_sql",
    "content_fingerprint",
    "contract_cast_sql",
    "load_suite_spec",
    "load_volume_sql",
    "mart_suite_paths",
    "pending_loads",
    "raw_suite_path",
    "record_accepted",
    "reuses_passes",
    "run_suite",
    "unaccepted_invocations",
]
