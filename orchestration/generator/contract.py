"""The landing contract as the generator writes it (SPEC section 1), plus what defects may touch."""

from __future__ import annotations

from orchestration.contract import load_contracts
from orchestration.settings import LANDING_SOURCES

# Derived from the dbt source YAML, the contract's single home, so the generator cannot drift.
_CONTRACTS = load_contracts()

SOURCES: tuple[str, ...] = LANDING_SOURCES
REFERENCE_SOURCES: tuple[str, ...] = ("branches", "customers", "employees")

COLUMNS: dict[str, tuple[str, ...]] = {
    source: contract.column_names for source, contract in _CONTRACTS.items()
}

REQUIRED: dict[str, tuple[str, ...]] = {
    source: contract.required_columns for source, contract in _CONTRACTS.items()
}

ACCEPTED: dict[str, dict[str, tuple[str, ...]]] = {
    source: {
        column.name: column.accepted_values for column in contract.columns if column.accepted_values
    }
    for source, contract in _CONTRACTS.items()
}

# Typed (non-text) columns: a garbage value there is an `invalid_type` defect.
TYPED: dict[str, dict[str, str]] = {
    source: {
        column.name: column.contract_type
        for column in contract.columns
        if column.contract_type != "text"
    }
    for source, contract in _CONTRACTS.items()
}

PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    source: contract.primary_key for source, contract in _CONTRACTS.items()
}

SERVQUAL_ITEMS: dict[str, int] = {"tan": 4, "rel": 5, "res": 4, "ass": 4, "emp": 5}
SERVQUAL_NAMES: dict[str, str] = {
    "tan": "tangibles",
    "rel": "reliability",
    "res": "responsiveness",
    "ass": "assurance",
    "emp": "empathy",
}
