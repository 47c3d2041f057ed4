"""The landing contract, read from the dbt source YAML files (its single source of truth).

Each `models/staging/<source>/_<source>__sources.yml` declares one source whose table lists the
contract columns; a column's `config.meta` says its type and whether it is required. Ingestion
uses this to create the raw tables and to refuse a file that lacks a required column.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from orchestration.settings import LANDING_SOURCES, REPO_ROOT

LINEAGE_COLUMNS: tuple[str, ...] = (
    "_source_file",
    "_file_checksum",
    "_row_number",
    "_load_id",
    "_loaded_at",
)


@dataclass(frozen=True)
class ContractColumn:
    name: str
    contract_type: str
    required: bool
    accepted_values: tuple[str, ...] = ()
    min_value: float | None = None
    max_value: float | None = None
    default: str | None = None
    pii: bool = False


@dataclass(frozen=True)
class SourceContract:
    """One landing source: its folder name, raw table name and contract columns."""

    name: str
    columns: tuple[ContractColumn, ...]
    primary_key: tuple[str, ...]

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns if column.required)


class ContractError(RuntimeError):
    """The source YAML does not describe a landing source the way ingestion needs."""


def _column_meta(column: dict) -> dict:
    config = column.get("config") or {}
    return {**(column.get("meta") or {}), **(config.get("meta") or {})}


def _table_meta(table: dict) -> dict:
    config = table.get("config") or {}
    return {**(table.get("meta") or {}), **(config.get("meta") or {})}


def _contract_column(column: dict) -> ContractColumn:
    meta = _column_meta(column)
    return ContractColumn(
        name=str(column["name"]).lower(),
        contract_type=str(meta.get("contract_type", "text")),
        required=bool(meta.get("required", False)),
        accepted_values=tuple(str(value) for value in meta.get("accepted_values") or ()),
        min_value=meta.get("min_value"),
        max_value=meta.get("max_value"),
        default=meta.get("default"),
        pii=bool(meta.get("pii", False)),
    )


def load_source_contract(source: str, project_dir: Path = REPO_ROOT) -> SourceContract:
    path = project_dir / "models" / "staging" / source / f"_{source}__sources.yml"
    if not path.exists():
        raise ContractError(f"{path}: no source file for landing source '{source}'")
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for declared in document.get("sources") or []:
        if declared.get("name") != source:
            continue
        for table in declared.get("tables") or []:
            if table.get("name") != source:
                continue
            columns = tuple(
                _contract_column(column)
                for column in table.get("columns") or []
                if not str(column["name"]).startswith("_")
            )
            if not columns:
                raise ContractError(f"{path}: table '{source}' lists no contract columns")
            primary_key = tuple(_table_meta(table).get("primary_key") or ())
            return SourceContract(name=source, columns=columns, primary_key=primary_key)
    raise ContractError(f"{path}: no source '{source}' with a table '{source}'")


def load_contracts(project_dir: Path = REPO_ROOT) -> dict[str, SourceContract]:
    """The contract of every landing source, keyed by source name, in pipeline order."""
    return {source: load_source_contract(source, project_dir) for source in LANDING_SOURCES}
