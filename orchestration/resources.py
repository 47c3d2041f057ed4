"""The warehouse resource: where landing files are and which DuckDB file a refresh writes."""

from __future__ import annotations

import os
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
            published_override=from_env.published_override,
        )

    @contextmanager
    def connect(self):
        """A read-write connection to the warehouse file; only refreshes open one."""
        settings = self.settings()
        path = settings.duckdb_path
        path.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(path), config=settings.duckdb_config)
        try:
            yield con
        finally:
            con.close()


class RefreshLockResource(dg.ConfigurableResource):
    """Held for the whole of a run: a second refresh of the same warehouse fails at once (or
    waits up to wait_seconds, default CX_REFRESH_LOCK_WAIT_SECONDS or 0) instead of colliding
    with the first inside DuckDB."""

    wait_seconds: float = -1.0

    @contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext):
        from orchestration.lock import RefreshLockedError, refresh_lock

        wait = self.wait_seconds
        if wait < 0:
            wait = float(os.environ.get("CX_REFRESH_LOCK_WAIT_SECONDS", "0"))
        try:
            with refresh_lock(Settings.from_env().lock_path, wait_seconds=wait):
                yield self
        except RefreshLockedError as error:
            raise dg.Failure(description=str(error)) from error
