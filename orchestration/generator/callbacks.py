"""Callbacks (回访): complaint and detractor follow-ups, service visits, win-back calls."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from . import formatting as fmt
from .contract import COLUMNS
from .employees import CALL_CENTER, Employees
from .events import Counters
from .texts import CALLBACK_NOTES

OUTCOMES = ["reached", "no_answer", "refused", "wrong_number"]
OUTCOME_P = [0.7, 0.18, 0.07, 0.05]
HOUR = 3600


def make_callbacks(
    rng: np.random.Generator,
    counters: Counters,
    employees: Employees,
    call_centre: int,
    customer_ids: pa.Array,
    reason: str,
    related_id: pa.Array | None,
    due_secs: np.ndarray,
    sat: np.ndarray,
    favourable: np.ndarray,
) -> tuple[pa.Table, np.ndarray, np.ndarray]:
    """Callbacks for `customer_ids` due at `due_secs`; returns (table, attempted_at, recovered)."""
    n = len(due_secs)
    scheduled = due_secs + rng.integers(1 * HOUR, 40 * HOUR, size=n)
    has_schedule = rng.random(n) < 0.9
    attempted = scheduled + rng.integers(0, 8 * HOUR, size=n)
    outcome = rng.choice(len(OUTCOMES), size=n, p=OUTCOME_P)
    reached = outcome == 0
    p_yes = 1 / (1 + np.exp(-(0.9 * sat + 1.2 * favourable - 0.2)))
    satisfied = rng.random(n) < p_yes
    score = np.clip(np.round(3 + 0.9 * sat + 1.0 * satisfied + 0.6 * rng.standard_normal(n)), 1, 5)
    has_verdict = reached & (rng.random(n) < 0.95)
    recovered = reached & ((has_verdict & satisfied) | (score >= 4))
    agent, agent_ok = employees.pick(
        CALL_CENTER, np.full(n, call_centre), rng.random(n), attempted // 86_400
    )
    notes = fmt.nulls(n)
    note_idx = np.zeros(n, dtype="int64")
    pools: list[str] = []
    for k, name in enumerate(OUTCOMES):  # loop per outcome
        rows = outcome == k
        note_idx[rows] = len(pools) + rng.integers(
            0, len(CALLBACK_NOTES[name]), size=int(rows.sum())
        )
        pools.extend(CALLBACK_NOTES[name])
    notes = fmt.pick(pools, note_idx, rng.random(n) < 0.8)
    start = counters.take("CB", n)
    columns = {
        "callback_id": fmt.ids("CB", start, n, 8),
        "customer_id": customer_ids,
        "reason": fmt.constant(reason, n),
        "related_id": related_id if related_id is not None else fmt.nulls(n),
        "scheduled_at": fmt.timestamps(scheduled, has_schedule),
        "attempted_at": fmt.timestamps(attempted),
        "outcome": fmt.pick(OUTCOMES, outcome),
        "resolution_satisfied": fmt.pick(["no", "yes"], satisfied.astype("int64"), has_verdict),
        "score": fmt.integers(score, reached),
        "employee_id": fmt.pick(employees.ids, agent, agent_ok & (rng.random(n) < 0.97)),
        "notes": notes,
    }
    return fmt.table(columns, COLUMNS["callbacks"]), attempted, recovered
