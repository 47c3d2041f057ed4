"""The dbt command a refresh runs, without importing Dagster (the benchmark's dbt stage and the
tests start dbt with it; orchestration.dbt_project adds the Dagster side)."""

from __future__ import annotations

import sys
from pathlib import Path

# The dbt command of a refresh: seeds, models and data tests. dbt unit tests check the SQL of
# the metrics on fixed inputs, not the data, so (as dbt advises for production runs) a
# refresh leaves them out; `make test` runs them on every engine (tests/engines).
REFRESH_BUILD_ARGS = ("build", "--exclude-resource-type", "unit_test")


def dbt_executable() -> str:
    """The dbt of this environment (beside the Python running us), else `dbt` on the PATH."""
    beside = Path(sys.executable).with_name("dbt")
    return str(beside) if beside.exists() else "dbt"
