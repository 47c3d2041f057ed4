"""Publish the BI-facing schemas as a read-only copy, swapped in atomically.

BI tools and analysts open the published copy, never the file a refresh writes, so a refresh
never blocks or breaks a reader. The copy is written to a temporary file beside the published
one and renamed over it in one step at the end of a successful refresh: a reader that has the
old file open keeps reading the old snapshot, the next connection sees the new one, and a
failed refresh leaves the last good copy in place.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from orchestration.settings import Settings

# Schemas readers may see. raw and staging hold personal data and are never published.
PUBLISHED_SCHEMAS: tuple[str, ...] = ("marts", "data_quality", "dq_test_failures", "reference")


@dataclass(frozen=True)
class Publication:
    path: Path
    tables: dict[str, int]  # schema.table -> rows
    published_at: str


def publish_warehouse(
    warehouse_path: Path, published_path: Path, duckdb_config: dict[str, str] | None = None
) -> Publication:
    """Copy PUBLISHED_SCHEMAS of the warehouse into `published_path`, atomically.

    The copying connection has the settings of every warehouse connection (`duckdb_config`,
    default Settings.duckdb_config: memory_limit), so copying the large facts stays under the
    limit: past it DuckDB spills to a temp directory beside the copy, removed afterwards.
    """
    published_path.parent.mkdir(parents=True, exist_ok=True)
    temporary = published_path.with_name(f".{published_path.name}.{os.getpid()}.tmp")
    for leftover in (temporary, temporary.with_name(temporary.name + ".wal")):
        leftover.unlink(missing_ok=True)
    published_at = datetime.now(UTC).isoformat(timespec="seconds")
    config = dict(Settings.from_env().duckdb_config if duckdb_config is None else duckdb_config)
    spill = temporary.with_name(temporary.name + ".spill")
    config.setdefault("temp_directory", str(spill))
    try:
        tables = _copy_schemas(warehouse_path, temporary, config, published_at)
    finally:
        shutil.rmtree(spill, ignore_errors=True)
    os.replace(temporary, published_path)
    return Publication(published_path, tables, published_at)


def _copy_schemas(
    warehouse_path: Path, temporary: Path, config: dict[str, str], published_at: str
) -> dict[str, int]:
    tables: dict[str, int] = {}
    with duckdb.connect(config=config) as con:
        con.execute(f"attach '{warehouse_path}' as warehouse (read_only)")
        relations = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_catalog = 'warehouse' and table_schema in "
            f"({', '.join('?' for _ in PUBLISHED_SCHEMAS)}) order by 1, 2",
            list(PUBLISHED_SCHEMAS),
        ).fetchall()
        con.execute(f"attach '{temporary}' as publication")
        try:
            for schema in sorted({schema for schema, _ in relations}):
                con.execute(f'create schema publication."{schema}"')
            for schema, table in relations:
                con.execute(
                    f'create table publication."{schema}"."{table}" as '
                    f'select * from warehouse."{schema}"."{table}"'
                )
                tables[f"{schema}.{table}"] = con.execute(
                    f'select count(*) from publication."{schema}"."{table}"'
                ).fetchall()[0][0]
            con.execute(
                "create table publication.main._publication as select "
                "cast(? as timestamp) as published_at_utc, ? as relations",
                [published_at.replace("+00:00", ""), len(tables)],
            )
            con.execute("checkpoint publication")
        finally:
            con.execute("detach publication")
            con.execute("detach warehouse")
    return tables
