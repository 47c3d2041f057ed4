"""Personal data never reaches what BI tools and analysts read: a scan of every value."""

from __future__ import annotations

import hashlib
import os

import duckdb
import pytest

from orchestration.publish import PUBLISHED_SCHEMAS
from tests.conftest import BuiltWarehouse

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def planted_pii(built_warehouse: BuiltWarehouse) -> dict[str, set[str]]:
    files = sorted(str(p) for p in (built_warehouse.landing_root / "customers").glob("*.csv"))
    assert files
    with duckdb.connect() as con:
        rows = con.execute(
            "select full_name, phone from read_csv(?, all_varchar = true)", [files]
        ).fetchall()
    names = {name for name, _ in rows if name}
    phones = {phone for _, phone in rows if phone}
    digits = {"".join(ch for ch in phone if ch.isdigit()) for phone in phones}
    assert len(names) > 100 and len(phones) > 100
    return {"full_name": names, "phone": phones | digits}


def _text_columns(con, catalog: str) -> list[tuple[str, str, str]]:
    return con.execute(
        "select table_schema, table_name, column_name from information_schema.columns "
        "where table_catalog = ? and table_schema in "
        f"({', '.join('?' for _ in PUBLISHED_SCHEMAS)}) and data_type = 'VARCHAR' "
        "order by 1, 2, 3",
        [catalog, *PUBLISHED_SCHEMAS],
    ).fetchall()


@pytest.mark.parametrize("copy", ["warehouse", "published"])
def test_no_planted_name_or_phone_in_any_published_schema(built_warehouse, planted_pii, copy):
    path = built_warehouse.duckdb_path
    if copy == "published":
        path = path.with_name(path.stem + ".published.duckdb")
    with duckdb.connect() as con:
        con.execute(f"attach '{path}' as scanned (read_only)")
        con.execute("create temp table pii (kind varchar, value varchar)")
        for kind, values in planted_pii.items():
            con.executemany("insert into pii values (?, ?)", [(kind, v) for v in sorted(values)])
        columns = _text_columns(con, "scanned")
        assert len(columns) > 50
        leaks = []
        for schema, table, column in columns:
            found = con.execute(
                f'select pii.kind, t."{column}" from scanned."{schema}"."{table}" as t '
                f'inner join pii on t."{column}" = pii.value limit 3'
            ).fetchall()
            leaks += [f"{schema}.{table}.{column}: {kind} {value!r}" for kind, value in found]
    assert not leaks, "\n".join(leaks)


def test_phone_hash_is_salted_and_joinable(built_warehouse, planted_pii):
    with built_warehouse.connect() as con:
        hashes = {
            row[0]
            for row in con.execute(
                "select phone_hash from marts.dim_customers where phone_hash is not null"
            ).fetchall()
        }
        staged = con.execute(
            "select phone from staging.stg_customers__customers where phone is not null limit 50"
        ).fetchall()
    assert len(hashes) > 100
    unsalted = {hashlib.sha256(p.encode()).hexdigest() for p in planted_pii["phone"]}
    assert not hashes & unsalted, "phone_hash must not be a plain (unsalted) hash of the phone"
    salt = os.environ["CX_PII_SALT"]  # set for the session in tests/conftest.py
    for (phone,) in staged:
        digits = "".join(ch for ch in phone if ch.isdigit())
        assert hashlib.sha256((salt + digits).encode()).hexdigest() in hashes
