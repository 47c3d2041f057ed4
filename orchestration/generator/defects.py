"""Planted defects: each picked row gets exactly one known problem, recorded with its reason."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .contract import ACCEPTED, REQUIRED, TYPED

GARBAGE = {
    "date": "not-a-date",
    "timestamp": "not-a-date",
    "month": "not-a-month",
    "integer": "not-a-number",
    "decimal": "not-a-number",
}
UNKNOWN_VALUE = "platinum"


@dataclass(frozen=True)
class Defect:
    source: str
    source_file: str
    row_number: int
    expected_reason: str


def defect_kinds(source: str) -> list[tuple[str, str | None]]:
    kinds: list[tuple[str, str | None]] = [("missing_required", c) for c in REQUIRED[source]]
    kinds += [("invalid_type", c) for c in TYPED.get(source, {})]
    kinds += [("invalid_value", c) for c in ACCEPTED.get(source, {})]
    if source == "transactions":
        kinds.append(("out_of_range", "amount"))
    return kinds


def plant_defects(
    table: pa.Table, source: str, source_file: str, rate: float, rng: np.random.Generator
) -> tuple[pa.Table, list[Defect]]:
    n = table.num_rows
    if rate <= 0 or n < 2:
        return table, []
    k = min(max(1, round(rate * n)), n // 2)
    rows = np.sort(rng.choice(n, size=k, replace=False))
    kinds = defect_kinds(source)
    is_dup = rng.random(k) < 0.2
    kind_idx = rng.integers(0, len(kinds), size=k)

    reasons: list[str] = []
    edits: dict[str, list[tuple[int, str | None]]] = {}
    for row, dup, ki in zip(rows.tolist(), is_dup.tolist(), kind_idx.tolist(), strict=True):
        if dup:
            reasons.append("duplicate_key")
            continue
        kind, column = kinds[ki]
        assert column is not None
        if kind == "missing_required":
            value = None
        elif kind == "invalid_type":
            value = GARBAGE[TYPED[source][column]]
        elif kind == "invalid_value":
            value = UNKNOWN_VALUE
        else:  # out_of_range:amount
            current = table[column][row].as_py() or "1.00"
            value = "-" + current if float(current) > 0 else "-1.00"
        edits.setdefault(column, []).append((row, value))
        reasons.append(f"{kind}:{column}")

    for column, changes in edits.items():  # loop per edited column
        mask = np.zeros(n, dtype=bool)
        mask[[r for r, _ in changes]] = True
        values = pa.array([v for _, v in changes], type=pa.string())  # changes are row-sorted
        idx = table.schema.get_field_index(column)
        new = pc.replace_with_mask(table[column].combine_chunks(), pa.array(mask), values)
        table = table.set_column(idx, column, new)

    dup_rows = rows[is_dup]
    if len(dup_rows):
        # each copy goes after a random later row; the earlier occurrence is the defect
        after = dup_rows + (rng.random(len(dup_rows)) * (n - dup_rows)).astype("int64")
        keys = np.concatenate([np.arange(n, dtype="float64"), after + 0.5])
        source_rows = np.concatenate([np.arange(n), dup_rows])
        order = np.argsort(keys, kind="stable")
        table = table.take(pa.array(source_rows[order]))
        position = np.empty(n, dtype="int64")
        first = order < n
        position[order[first]] = np.flatnonzero(first)
    else:
        position = np.arange(n)
    records = [
        Defect(source, source_file, int(position[row]) + 1, reason)
        for row, reason in zip(rows.tolist(), reasons, strict=True)
    ]
    return table, records
