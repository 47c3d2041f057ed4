"""Vectorised conversion of numpy values to the landing text formats (pyarrow string arrays)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

DAY = 86_400


def _mask(valid: np.ndarray | None) -> np.ndarray | None:
    return None if valid is None else ~np.asarray(valid, dtype=bool)


def timestamps(secs: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    """Seconds since 1970 (local wall clock) -> 'YYYY-MM-DDTHH:MM:SS'."""
    arr = pa.array(np.asarray(secs, dtype="int64"), mask=_mask(valid)).cast(pa.timestamp("s"))
    return pc.utf8_replace_slice(pc.cast(arr, pa.string()), start=10, stop=11, replacement="T")


def dates(days: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    """Days since 1970 -> 'YYYY-MM-DD'."""
    arr = pa.array(np.asarray(days, dtype="int32"), mask=_mask(valid)).cast(pa.date32())
    return pc.cast(arr, pa.string())


def money(values: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    """Float amounts -> fixed two-decimal text."""
    arr = pa.array(np.round(np.asarray(values, dtype="float64"), 2), mask=_mask(valid))
    return arr.cast(pa.decimal128(18, 2), safe=False).cast(pa.string())


def integers(values: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    return pc.cast(pa.array(np.asarray(values, dtype="int64"), mask=_mask(valid)), pa.string())


def pick(
    pool: list[str] | pa.Array, index: np.ndarray, valid: np.ndarray | None = None
) -> pa.Array:
    """pool[index] as a string array; null where not valid."""
    pool_arr = pool if isinstance(pool, pa.Array) else pa.array(pool, type=pa.string())
    idx = pa.array(np.asarray(index, dtype="int64"), mask=_mask(valid))
    return pc.take(pool_arr, idx)


def constant(value: str, n: int) -> pa.Array:
    return pick([value], np.zeros(n, dtype="int64"))


def ids(prefix: str, start: int, n: int, width: int) -> pa.Array:
    """prefix + zero-padded running number, e.g. T0000000001."""
    nums = pc.cast(pa.array(np.arange(start, start + n, dtype="int64")), pa.string())
    return pc.binary_join_element_wise(prefix, pc.utf8_lpad(nums, width=width, padding="0"), "")


def nulls(n: int) -> pa.Array:
    return pa.nulls(n, type=pa.string())


def table(columns: dict[str, pa.Array], names: tuple[str, ...]) -> pa.Table:
    """A string table with exactly `names` as columns, in that order."""
    return pa.table({name: columns[name] for name in names})
