"""The simulated window: months, their boundaries in seconds and days since 1970 (local time)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DAY = 86_400


@dataclass(frozen=True)
class Window:
    start_month: str
    months: int

    def __post_init__(self) -> None:
        np.datetime64(self.start_month, "M")  # validates YYYY-MM
        if self.months < 1:
            raise ValueError("months must be >= 1")

    def month_label(self, m: int) -> str:
        return str(np.datetime64(self.start_month, "M") + m)

    def month_start_day(self, m: int) -> int:
        """First day of month m (may be negative or beyond the window) as days since 1970."""
        return int((np.datetime64(self.start_month, "M") + m).astype("datetime64[D]").astype(int))

    def month_days(self, m: int) -> int:
        return self.month_start_day(m + 1) - self.month_start_day(m)

    def month_start(self, m: int) -> int:
        return self.month_start_day(m) * DAY

    @property
    def start_day(self) -> int:
        return self.month_start_day(0)

    @property
    def end_day(self) -> int:
        """First day after the window (exclusive end)."""
        return self.month_start_day(self.months)

    @property
    def end(self) -> int:
        return self.end_day * DAY

    def month_of_secs(self, secs: np.ndarray) -> np.ndarray:
        """Window month index of each timestamp (may be < 0 or >= months)."""
        months = np.asarray(secs, dtype="int64").astype("datetime64[s]").astype("datetime64[M]")
        return (months - np.datetime64(self.start_month, "M")).astype("int64")

    def month_of_days(self, days: np.ndarray) -> np.ndarray:
        months = np.asarray(days, dtype="int64").astype("datetime64[D]").astype("datetime64[M]")
        return (months - np.datetime64(self.start_month, "M")).astype("int64")

    def labels(self) -> list[str]:
        return [self.month_label(m) for m in range(self.months)]
