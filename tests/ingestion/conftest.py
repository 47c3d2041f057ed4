"""What every raw-store test shares: a three-column contract and a landing folder for it."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.contract import ContractColumn, SourceContract

CONTRACT = SourceContract(
    name="customers",
    columns=(
        ContractColumn("customer_id", "text", True),
        ContractColumn("tier", "text", True),
        ContractColumn("city", "text", False),
    ),
    primary_key=("customer_id",),
)


@pytest.fixture
def landing(tmp_path: Path) -> Path:
    root = tmp_path / "landing"
    (root / "customers").mkdir(parents=True)
    return root


def write(landing: Path, name: str, data: bytes) -> Path:
    path = landing / "customers" / name
    path.write_bytes(data)
    return path
