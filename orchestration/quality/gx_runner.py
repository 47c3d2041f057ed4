"""Run a Great Expectations 1.x suite from expectations/ against pandas frames read from DuckDB.

A suite is a plain GX 1.x ExpectationSuite JSON file. Its `meta.cx` block says what to validate:

- `asset`: the Dagster asset key the check belongs to, e.g. ["raw", "complaints"].
- `frames`: named SQL queries run on the warehouse; each result is one pandas frame. The frame
  `main` defaults to the whole relation (`raw.<source>` or `<schema>.<name>`). In SQL,
  `{seeds_dir}` is replaced by the dbt seeds folder, so a raw check can read the question
  catalogue before dbt has loaded it.
- `parameters`: values for `{"$PARAMETER": name}` in expectation kwargs; strings are read as
  timestamps. `now` is always given: the current local time in the warehouse timezone.
- `blocking`: whether a failure stops downstream assets (default true).
- `sample_columns`: columns shown beside failing values (raw suites: file and row number).
- `volume` (raw suites): `lookback_loads`, `min_previous_loads` and `min_previous_mean_rows`
  of the built-in frame `load_volume` (see `load_volume_sql`).

Each expectation picks its frame with `meta.frame` (default `main`). In raw suites the `main`
frame is cast with the landing contract types (numbers, dates, timestamps as local time); values
that do not cast become null and are left to the staging rejects, so range checks judge the
values that will reach the warehouse.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import yaml

from orchestration.contract import SourceContract, load_source_contract
from orchestration.settings import REPO_ROOT

EXPECTATIONS_DIR = REPO_ROOT / "expectations"
MAIN_FRAME = "main"
VOLUME_FRAME = "load_volume"
DEFAULT_TIMEZONE = "Asia/Shanghai"
SAMPLE_SIZE = 5
INDEX_KEY = "cx_index"
_OFFSET_PATTERN = r"(?:[zZ]|[+-]\d{2}:?\d{2})$"


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

    @property
    def source(self) -> str | None:
        """The landing source of a raw suite, else None."""
        return self.asset_key[1] if self.asset_key[0] == "raw" else None

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
    )
    unknown = sorted(set(spec.frame_names()) - set(frames) - {VOLUME_FRAME})
    if unknown or (VOLUME_FRAME in spec.frame_names() and spec.source is None):
        raise SuiteError(f"{path}: expectations use undefined frame(s) {unknown or [VOLUME_FRAME]}")
    return spec


# ---------------------------------------------------------------- frames


def warehouse_timezone(project_dir: Path = REPO_ROOT) -> str:
    """The dbt var warehouse_timezone: local time of timestamps without offset."""
    try:
        document = yaml.safe_load((project_dir / "dbt_project.yml").read_text(encoding="utf-8"))
    except OSError:
        return DEFAULT_TIMEZONE
    return str(((document or {}).get("vars") or {}).get("warehouse_timezone", DEFAULT_TIMEZONE))


def local_timestamps(values: pd.Series, timezone: str) -> pd.Series:
    """ISO 8601 text to naive local timestamps: values with an offset are converted to the
    warehouse timezone, values without one are already local. Unparseable values become NaT."""
    text = values.astype("string").str.strip()
    has_offset = text.str.contains(_OFFSET_PATTERN, regex=True, na=False)
    result = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    if (~has_offset).any():
        naive = pd.to_datetime(text[~has_offset], format="ISO8601", errors="coerce")
        result.loc[~has_offset] = naive.to_numpy(dtype="datetime64[ns]")
    if has_offset.any():
        aware = pd.to_datetime(text[has_offset], format="ISO8601", errors="coerce", utc=True)
        local = aware.dt.tz_convert(timezone).dt.tz_localize(None)
        result.loc[has_offset] = local.to_numpy(dtype="datetime64[ns]")
    return result


def cast_to_contract(frame: pd.DataFrame, contract: SourceContract, timezone: str) -> pd.DataFrame:
    """Raw text columns to the contract types; blanks and what does not cast become null."""
    frame = frame.copy()
    for column in contract.columns:
        if column.name not in frame.columns:
            continue
        text = frame[column.name].astype("string").str.strip().replace("", pd.NA)
        kind = column.contract_type
        if column.accepted_values:  # staging compares accepted values case-insensitively
            frame[column.name] = text.str.lower()
        elif kind in ("integer", "decimal"):
            frame[column.name] = pd.to_numeric(text, errors="coerce")
        elif kind == "date":
            frame[column.name] = pd.to_datetime(text, format="ISO8601", errors="coerce")
        elif kind == "timestamp":
            frame[column.name] = local_timestamps(text, timezone)
        elif kind == "month":
            frame[column.name] = pd.to_datetime(text + "-01", format="%Y-%m-%d", errors="coerce")
        else:
            frame[column.name] = text
    return frame


def load_volume_sql(
    source: str, lookback_loads: int, min_previous_loads: int, min_previous_mean_rows: float
) -> str:
    """One row: the source's latest load (one landing file) against the mean row count of up
    to `lookback_loads` loads before it. volume_ratio is null (not judged) while fewer than
    `min_previous_loads` earlier loads exist or they averaged under `min_previous_mean_rows`
    rows, where the ratio is noise."""
    source_literal = source.replace("'", "''")
    return f"""
        with loads as (
            select
                load_id,
                source_file,
                row_count,
                row_number() over (order by load_id desc) as recency
            from raw._load_manifest
            where source_name = '{source_literal}'
        ),
        previous as (
            select count(*) as previous_loads, avg(row_count) as previous_mean_rows
            from loads
            where recency between 2 and {1 + int(lookback_loads)}
        )
        select
            loads.load_id as latest_load_id,
            loads.source_file as latest_file,
            loads.row_count as latest_rows,
            previous.previous_loads,
            previous.previous_mean_rows,
            case
                when previous.previous_loads >= {int(min_previous_loads)}
                    and previous.previous_mean_rows >= {float(min_previous_mean_rows)}
                    then loads.row_count / nullif(previous.previous_mean_rows, 0)
            end as volume_ratio
        from loads
        cross join previous
        where loads.recency = 1
    """


def read_frames(
    spec: SuiteSpec,
    con: duckdb.DuckDBPyConnection,
    project_dir: Path = REPO_ROOT,
) -> dict[str, pd.DataFrame]:
    seeds_dir = (project_dir / "seeds").as_posix()
    frames: dict[str, pd.DataFrame] = {}
    timezone = warehouse_timezone(project_dir)
    for name in spec.frame_names():
        if name == VOLUME_FRAME:
            assert spec.source is not None
            sql = load_volume_sql(
                spec.source,
                spec.volume_lookback_loads,
                spec.volume_min_previous_loads,
                spec.volume_min_previous_mean_rows,
            )
        else:
            sql = spec.frames[name].replace("{seeds_dir}", seeds_dir)
        frame = con.execute(sql).df()
        if name == MAIN_FRAME and spec.source is not None:
            contract = load_source_contract(spec.source, project_dir)
            frame = cast_to_contract(frame, contract, timezone)
        frames[name] = frame
    return frames


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

    def as_dict(self) -> dict[str, Any]:
        return {
            "expectation": self.expectation_type,
            "frame": self.frame,
            "target": self.target,
            "observed": self.observed,
            "threshold": self.threshold,
            "samples": self.samples,
            "exception": self.exception,
            "notes": self.notes,
        }


@dataclass
class SuiteRun:
    spec: SuiteSpec
    outcomes: list[ExpectationOutcome]
    rows_by_frame: dict[str, int]
    seconds: float

    @property
    def success(self) -> bool:
        return all(outcome.success for outcome in self.outcomes)

    @property
    def failures(self) -> list[ExpectationOutcome]:
        return [outcome for outcome in self.outcomes if not outcome.success]

    def failures_markdown(self) -> str:
        if not self.failures:
            return "All expectations passed."
        lines = [
            "| expectation | target | observed | threshold | sample failing values |",
            "|---|---|---|---|---|",
        ]
        for outcome in self.failures:
            samples = outcome.exception or json.dumps(outcome.samples, default=str)
            cells = [
                outcome.expectation_type,
                f"{outcome.frame}: {outcome.target}",
                outcome.observed,
                outcome.threshold,
                samples,
            ]
            lines.append("| " + " | ".join(_md_cell(cell) for cell in cells) + " |")
        return "\n".join(lines)

    def summary(self) -> str:
        if self.success:
            return f"{len(self.outcomes)} expectations passed ({self.spec.path.name})"
        names = ", ".join(f"{o.expectation_type}({o.target})" for o in self.failures)
        return f"{len(self.failures)} of {len(self.outcomes)} expectations failed: {names}"


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

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return gx, context


def validate_frames(
    spec: SuiteSpec,
    frames: Mapping[str, pd.DataFrame],
    now: datetime | None = None,
    project_dir: Path = REPO_ROOT,
) -> list[ExpectationOutcome]:
    """Validate each frame with the suite's expectations for it, in an ephemeral context."""
    gx, context = _gx_context()
    datasource = context.data_sources.add_pandas(name="cx_frames")
    parameters = expectation_parameters(spec, now, project_dir)
    outcomes: list[ExpectationOutcome] = []
    for frame_name, frame in frames.items():
        documents = [e for e in spec.expectations if frame_of(e) == frame_name]
        # GX does not return results in suite order: tag each expectation to match them back.
        tagged = [
            {**document, "meta": {**(document.get("meta") or {}), INDEX_KEY: index}}
            for index, document in enumerate(documents)
        ]
        suite = gx.ExpectationSuite(name=f"{spec.name}:{frame_name}", expectations=tagged)
        if len(suite.expectations) != len(documents):
            # GX logs and drops an expectation it cannot build; a suite must not shrink silently.
            built = {e.expectation_type for e in suite.expectations}
            missing = sorted({d["type"] for d in documents} - built) or ["(invalid kwargs)"]
            raise SuiteError(f"{spec.path}: cannot build expectation(s) {', '.join(missing)}")
        batch = (
            datasource.add_dataframe_asset(name=frame_name)
            .add_batch_definition_whole_dataframe(name=f"{frame_name}_whole")
            .get_batch(batch_parameters={"dataframe": frame})
        )
        index_columns = [c for c in spec.sample_columns if c in frame.columns]
        result_format: dict[str, Any] = {
            "result_format": "SUMMARY",
            "partial_unexpected_count": SAMPLE_SIZE,
        }
        if index_columns:
            result_format["unexpected_index_column_names"] = index_columns
        validation = batch.validate(
            suite, result_format=result_format, expectation_parameters=parameters
        )
        results = {
            result.expectation_config.meta[INDEX_KEY]: result for result in validation.results
        }
        if sorted(results) != list(range(len(documents))):
            raise SuiteError(f"{spec.path}: GX returned results that do not match the suite")
        for index, document in enumerate(documents):
            result_dict = results[index].to_json_dict()
            details = result_dict.get("result") or {}
            messages = _exception_messages(result_dict.get("exception_info") or {})
            kwargs = document.get("kwargs") or {}
            outcomes.append(
                ExpectationOutcome(
                    expectation_type=document["type"],
                    frame=frame_name,
                    target=_target(kwargs),
                    success=bool(result_dict.get("success")),
                    observed=_observed(details),
                    threshold=_threshold(kwargs, parameters),
                    samples=_samples(details),
                    exception="; ".join(messages) or None,
                    notes=str((document.get("meta") or {}).get("notes", "")),
                )
            )
    return outcomes


def run_suite(
    spec: SuiteSpec,
    con: duckdb.DuckDBPyConnection,
    now: datetime | None = None,
    project_dir: Path = REPO_ROOT,
) -> SuiteRun:
    started = time.perf_counter()
    frames = read_frames(spec, con, project_dir)
    outcomes = validate_frames(spec, frames, now, project_dir)
    return SuiteRun(
        spec=spec,
        outcomes=outcomes,
        rows_by_frame={name: len(frame) for name, frame in frames.items()},
        seconds=time.perf_counter() - started,
    )


__all__ = [
    "EXPECTATIONS_DIR",
    "ExpectationOutcome",
    "SuiteError",
    "SuiteRun",
    "SuiteSpec",
    "cast_to_contract",
    "load_suite_spec",
    "load_volume_sql",
    "local_timestamps",
    "mart_suite_paths",
    "raw_suite_path",
    "run_suite",
]
