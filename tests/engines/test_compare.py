"""The engine comparison itself: it must find every kind of difference it is meant to find."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pandas as pd

from orchestration.engine_compare import compare_frames, normalise


def _frame(**overrides) -> pd.DataFrame:
    rows = {
        "customer_id": ["C1", "C2", "C3"],
        "month_end_date": [date(2025, 1, 31)] * 3,
        "nps": [Decimal("12.50"), Decimal("-3.00"), None],
        "share": [0.1 + 0.2, 1 / 3, 2.0],
        "is_new": [True, False, True],
        "loaded_at": [datetime(2025, 2, 1, 9)] * 3,
    }
    rows.update(overrides)
    return normalise(pd.DataFrame(rows))


def test_same_rows_in_another_order_and_type_agree():
    left = _frame()
    right = normalise(
        pd.DataFrame(
            {
                "CUSTOMER_ID": ["C3", "C1", "C2"],
                "month_end_date": [date(2025, 1, 31)] * 3,
                "nps": [float("nan"), 12.5, -3.0],
                "share": [2.0, 0.3, 1 / 3],  # 0.1 + 0.2 != 0.3 in the last bit
                "is_new": [True, True, False],
                # load times differ between any two loads and are not compared
                "loaded_at": [datetime(2026, 1, 1, tzinfo=UTC)] * 3,
            }
        )
    )
    assert compare_frames(left, right) is None


def test_a_changed_value_is_found():
    problem = compare_frames(_frame(), _frame(share=[0.1 + 0.2, 1 / 3, 2.000001]))
    assert problem is not None and "share" in problem


def test_a_changed_boolean_and_a_null_are_found():
    assert "is_new" in compare_frames(_frame(), _frame(is_new=[True, True, True]))
    assert "nps" in compare_frames(_frame(), _frame(nps=[Decimal("12.50"), None, None]))


def test_missing_rows_and_columns_are_found():
    assert "row counts" in compare_frames(_frame(), _frame().iloc[:2])
    assert "columns differ" in compare_frames(_frame(), _frame().drop(columns=["is_new"]))
