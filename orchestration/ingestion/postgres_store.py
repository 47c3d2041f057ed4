"""The raw layer on PostgreSQL: the same tables, columns and atomicity as DuckDBRawStore.

Rows go in with COPY (CSV from the arrow batches), one transaction per landing file together
with its manifest row; load ids come from the sequence raw._load_id_seq. Connection settings
are the CX_PG_* variables profiles.yml reads for the postgres target, with the same defaults.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pyarrow as pa
import pyarrow.csv as pa_csv

from orchestration.contract import SourceContract
from orchestration.ingestion.raw_store import (
    MANIFEST_TABLE,
    RAW_SCHEMA,
    FileDelivery,
    SqlRawStore,
    quote_identifier,
    raw_layer_ddl,
)
from orchestration.ingestion.readers import LandingFileError


@dataclass(frozen=True)
class PostgresSettings:
    """Where the postgres target lives: CX_PG_HOST, CX_PG_PORT, CX_PG_USER, CX_PG_PASSWORD,
    CX_PG_DATABASE (defaults: the local server of `make postgres`)."""

    host: str = "127.0.0.1"
    port: int = 55432
    user: str = "postgres"
    password: str = ""
    database: str = "cx_warehouse"

    @classmethod
    def from_env(cls) -> PostgresSettings:
        return cls(
            host=os.environ.get("CX_PG_HOST") or cls.host,
            port=int(os.environ.get("CX_PG_PORT") or cls.port),
            user=os.environ.get("CX_PG_USER") or cls.user,
            password=os.environ.get("CX_PG_PASSWORD", cls.password),
            database=os.environ.get("CX_PG_DATABASE") or cls.database,
        )

    def connect(self, connect_timeout: int = 10) -> psycopg.Connection:
        return psycopg.connect(
            host=self.host,
            port=self.port,
            user=self.user,
            password=self.password or None,
            dbname=self.database,
            connect_timeout=connect_timeout,
            autocommit=True,
        )


def _csv_bytes(table: pa.Table) -> bytes:
    """The batch as headerless CSV for COPY: every string quoted, so an empty string stays an
    empty string and a null (written unquoted and empty) stays null."""
    buffer = io.BytesIO()
    pa_csv.write_csv(
        table,
        buffer,
        pa_csv.WriteOptions(include_header=False, quoting_style="all_valid"),
    )
    return buffer.getvalue()


class PostgresRawStore(SqlRawStore):
    """The raw layer in a PostgreSQL database; one transaction per file."""

    engine = "postgres"
    placeholder = "%s"

    @classmethod
    def from_env(cls) -> PostgresRawStore:
        """A store on a new connection to the database the CX_PG_* variables name."""
        return cls(PostgresSettings.from_env().connect())

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> PostgresRawStore:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def ensure_raw_layer(self, contracts: list[SourceContract]) -> None:
        with self.con.transaction():
            execute = self.con.execute
            execute(f"create schema if not exists {RAW_SCHEMA}")
            execute(f"create sequence if not exists {RAW_SCHEMA}._load_id_seq start 1")
            for statement in raw_layer_ddl(contracts, "text"):
                execute(statement)

    def write_file(
        self,
        contract: SourceContract,
        columns: list[str],
        batches: Iterator[pa.Table],
        delivery: FileDelivery,
    ) -> tuple[int, int]:
        con = self.con
        table = f"{RAW_SCHEMA}.{quote_identifier(contract.name)}"
        rows = 0
        try:
            with con.transaction():
                load_id = con.execute(f"select nextval('{RAW_SCHEMA}._load_id_seq')").fetchone()[0]
                known = self._table_columns(contract.name)
                for name in columns:
                    if name not in known:
                        con.execute(f"alter table {table} add column {quote_identifier(name)} text")
                lineage = {
                    "_source_file": delivery.source_file,
                    "_file_checksum": delivery.file_checksum,
                    "_load_id": str(load_id),
                    "_loaded_at": delivery.loaded_at.isoformat(sep=" "),
                }
                targets = ", ".join(quote_identifier(name) for name in [*columns, "_row_number"])
                with (
                    con.cursor() as cursor,
                    cursor.copy(
                        f"copy {table} ({targets}, {', '.join(lineage)}) from stdin (format csv)"
                    ) as copy,
                ):
                    for numbered in batches:
                        batch = numbered.select([*columns, "_row_number"])
                        for name, value in lineage.items():
                            batch = batch.append_column(
                                name, pa.array([value] * batch.num_rows, pa.string())
                            )
                        copy.write(_csv_bytes(batch))
                        rows += numbered.num_rows
                con.execute(
                    f"insert into {MANIFEST_TABLE} values (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                    list(delivery.manifest_row(load_id, rows)),
                )
        except psycopg.DataError as error:
            # Text PostgreSQL cannot store (a NUL character): the file fails, rolled back, like a
            # file the reader cannot parse; the other files of the source still load.
            problem = str(error).splitlines()[0]
            raise LandingFileError(
                delivery.source_file, f"rejected by PostgreSQL: {problem}"
            ) from error
        return load_id, rows
