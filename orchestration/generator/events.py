"""Buffers for event rows that land in a later month's file, and running id counters."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pyarrow as pa


class Counters:
    """Running numbers for generated ids (one sequence per id prefix)."""

    def __init__(self) -> None:
        self._next: dict[str, int] = defaultdict(lambda: 1)

    def take(self, prefix: str, n: int) -> int:
        start = self._next[prefix]
        self._next[prefix] = start + n
        return start


class MonthBuffer:
    """Event rows grouped by the window month of their timestamp; rows past the end are dropped."""

    def __init__(self, months: int) -> None:
        self.months = months
        self._parts: dict[tuple[str, int], list[pa.Table]] = defaultdict(list)

    def add(self, source: str, table: pa.Table, month: np.ndarray) -> None:
        month = np.asarray(month)
        for m in np.unique(month):  # loop per month
            if 0 <= m < self.months:
                rows = np.flatnonzero(month == m)
                self._parts[(source, int(m))].append(table.take(pa.array(rows)))

    def pop(self, source: str, m: int, schema_names: tuple[str, ...]) -> pa.Table:
        parts = self._parts.pop((source, m), [])
        if not parts:
            return pa.table({name: pa.array([], type=pa.string()) for name in schema_names})
        return pa.concat_tables(parts)
