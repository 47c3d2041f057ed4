"""Where things live: every path and option the pipeline reads from the environment.

One place so that the CLI, the Dagster definitions and the tests agree. All paths are made
absolute, because dbt and Dagster may run with another working directory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

LANDING_SOURCES: tuple[str, ...] = (
    "branches",
    "customers",
    "employees",
    "balances",
    "transactions",
    "survey_responses",
    "survey_answers",
    "complaints",
    "callbacks",
)

DEFAULT_ENCODING = "utf-8"
DEFAULT_LANDING_ROOT = Path("data/landing")
DEFAULT_DUCKDB_PATH = Path("data/warehouse/cx_warehouse.duckdb")
# DuckDB's memory ceiling for every writer (dbt, ingestion, checks); beyond it DuckDB spills to
# the temp directory. profiles.yml reads the same variables with the same defaults.
# 2.75 GB: a refresh runs dbt as a child of the process that ran the ingestion and the checks
# (some 500 MiB of loaded libraries), and the two together stay under 4 GiB (make bench).
DEFAULT_DUCKDB_MEMORY_LIMIT = "2.75GB"


def _path_from_env(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    path = Path(value) if value else default
    return path if path.is_absolute() else (REPO_ROOT / path).resolve()


def encoding_env_var(source: str) -> str:
    """Name of the variable that sets one source's file encoding, e.g. CX_ENCODING_COMPLAINTS."""
    return f"CX_ENCODING_{source.upper()}"


@dataclass(frozen=True)
class Settings:
    """Paths and per-source options of one warehouse."""

    landing_root: Path
    duckdb_path: Path
    dbt_project_dir: Path = REPO_ROOT
    published_override: Path | None = None
    encodings: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls) -> Settings:
        """Read CX_LANDING_ROOT, CX_DUCKDB_PATH, CX_PUBLISHED_PATH and CX_ENCODING_<SOURCE>."""
        default_encoding = os.environ.get("CX_ENCODING", DEFAULT_ENCODING)
        encodings = {
            source: os.environ.get(encoding_env_var(source), default_encoding)
            for source in LANDING_SOURCES
        }
        return cls(
            landing_root=_path_from_env("CX_LANDING_ROOT", DEFAULT_LANDING_ROOT),
            duckdb_path=_path_from_env("CX_DUCKDB_PATH", DEFAULT_DUCKDB_PATH),
            published_override=(
                _path_from_env("CX_PUBLISHED_PATH", Path())
                if os.environ.get("CX_PUBLISHED_PATH")
                else None
            ),
            encodings=encodings,
        )

    @property
    def published_path(self) -> Path:
        """The read-only copy readers open: CX_PUBLISHED_PATH, else <warehouse>.published.duckdb
        beside the warehouse file."""
        if self.published_override is not None:
            return self.published_override
        return self.duckdb_path.with_name(self.duckdb_path.stem + ".published.duckdb")

    @property
    def lock_path(self) -> Path:
        """The file a refresh locks for its whole run, beside the warehouse it writes."""
        return self.duckdb_path.with_name(self.duckdb_path.name + ".refresh.lock")

    @property
    def duckdb_config(self) -> dict[str, str]:
        """Settings of every connection to the warehouse file: memory_limit
        (CX_DUCKDB_MEMORY_LIMIT, default 2.75GB). Past it DuckDB spills to its default temp
        directory, <warehouse>.tmp beside the warehouse file."""
        return {
            "memory_limit": os.environ.get("CX_DUCKDB_MEMORY_LIMIT") or DEFAULT_DUCKDB_MEMORY_LIMIT
        }

    def encoding_for(self, source: str) -> str:
        return self.encodings.get(source, DEFAULT_ENCODING)
