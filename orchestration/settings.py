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
    encodings: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls) -> Settings:
        """Read CX_LANDING_ROOT, CX_DUCKDB_PATH and CX_ENCODING_<SOURCE> (default UTF-8)."""
        default_encoding = os.environ.get("CX_ENCODING", DEFAULT_ENCODING)
        encodings = {
            source: os.environ.get(encoding_env_var(source), default_encoding)
            for source in LANDING_SOURCES
        }
        return cls(
            landing_root=_path_from_env("CX_LANDING_ROOT", DEFAULT_LANDING_ROOT),
            duckdb_path=_path_from_env("CX_DUCKDB_PATH", DEFAULT_DUCKDB_PATH),
            encodings=encodings,
        )

    def encoding_for(self, source: str) -> str:
        return self.encodings.get(source, DEFAULT_ENCODING)
