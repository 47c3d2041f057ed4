"""Every dbt model and every column of its built relation is documented in the YAML."""

from __future__ import annotations

import json
import re

import pytest

from orchestration.dbt_project import cx_dbt_project, ensure_manifest
from tests.conftest import BuiltWarehouse

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def models() -> list[dict]:
    manifest = json.loads(ensure_manifest().read_text())
    nodes = [
        node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["package_name"] == cx_dbt_project.name
    ]
    assert len(nodes) > 40, "the manifest lists too few models: wrong package name?"
    return nodes


def test_every_model_has_a_description(models):
    missing = sorted(node["name"] for node in models if not node["description"].strip())
    assert not missing, f"models without a description: {missing}"


def test_every_built_column_is_documented(models, built_warehouse: BuiltWarehouse):
    undocumented = []
    with built_warehouse.connect() as con:
        for node in models:
            built = con.execute(
                "select column_name from information_schema.columns"
                " where table_schema = ? and table_name = ? order by ordinal_position",
                [node["schema"], node["alias"]],
            ).fetchall()
            assert built, f"{node['schema']}.{node['alias']} was not built"
            documented = {
                name.lower(): column["description"].strip()
                for name, column in node["columns"].items()
            }
            undocumented += [
                f"{node['name']}.{name}" for (name,) in built if not documented.get(name.lower())
            ]
    assert not undocumented, f"columns without a description: {undocumented}"


def _sql_examples() -> list[tuple[str, str]]:
    """Every ```sql block of the README and docs/, split into statements."""
    from orchestration.settings import REPO_ROOT

    examples = []
    for path in [REPO_ROOT / "README.md", *sorted((REPO_ROOT / "docs").rglob("*.md"))]:
        blocks = re.findall(r"```sql\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)
        for block in blocks:
            for statement in block.split(";"):
                if statement.strip():
                    examples.append((path.name, statement.strip()))
    return examples


@pytest.mark.parametrize(("document", "statement"), _sql_examples())
def test_documented_example_query_runs(document, statement, built_warehouse: BuiltWarehouse):
    with built_warehouse.connect() as con:
        con.execute(statement).fetchall()
