"""The warehouse resource: where landing files are and which DuckDB file a refresh writes."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from orchestration.settings import LANDING_SOURCES, Settings


class WarehouseResource(dg.ConfigurableResource):
    """Paths of one warehouse. Empty fields fall back to the environment (see settings.py)."""

    landing_root: str = ""
    duckdb_path: str = ""
    encodings: dict[str, str] | None = None

    def settings(self) -> Settings:
        from_env = Settings.from_env()
        overrides = self.encodings or {}
        encodings = {**from_env.encodings, **overrides}
        unknown = sorted(set(overrides) - set(LANDING_SOURCES))
        if unknown:
            raise dg.Failure(f"encodings given for unknown source(s): {', '.join(unknown)}")
        return Settings(
            landing_root=Path(self.landing_root).resolve()
            if self.landing_root
            else from_env.landing_root,
            duckdb_path=Path(self.duckdb_path).resolve()
            if self.duckdb_path
            else from_env.duckdb_path,
            encodings=encodings,
        )

    @contextmanager
    def connect(self):
        """A read-write connection to the warehouse file; only refreshes open one."""
        path = self.settings().duckdb_path
        path.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(path))
        try:
            yield con
        finally:
            con.close()
