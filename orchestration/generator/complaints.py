"""Complaints received in a month, in their final state at the end of the data."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from . import formatting as fmt
from .calendar import DAY, Window
from .contract import COLUMNS
from .customers import DECLINING, DORMANT, Population
from .events import Counters
from .params import Effects
from .texts import COMPLAINT_CATEGORIES, COMPLAINT_CATEGORY_P, DESCRIPTIONS

HOUR = 3600
VIA = ["branch", "phone", "online", "letter", "regulator", "media", "social"]
VIA_P = [0.35, 0.3, 0.2, 0.03, 0.04, 0.01, 0.07]
SEVERITY = ["low", "medium", "high", "critical"]
SEVERITY_P = [0.45, 0.35, 0.15, 0.05]
OUTCOMES = ["upheld", "partially_upheld", "not_upheld", "withdrawn"]
OUTCOME_P = [0.35, 0.25, 0.35, 0.05]


@dataclass
class MonthComplaints:
    table: pa.Table
    customer: np.ndarray  # customer index per complaint
    ids: pa.Array
    branch: np.ndarray
    branch_valid: np.ndarray
    resolved: np.ndarray  # resolved_at seconds
    is_resolved: np.ndarray  # resolved inside the window
    favourable: np.ndarray  # upheld or partially upheld


def month_complaints(
    rng: np.random.Generator,
    m: int,
    pop: Population,
    eligible: np.ndarray,
    window: Window,
    counters: Counters,
    fx: Effects,
    branch_ids: pa.Array,
) -> MonthComplaints:
    sat = pop.sat
    p = fx.complaint_monthly_base * np.exp(fx.complaint_satisfaction_effect * sat)
    p = p * np.where(pop.status == DORMANT, 0.3, 1.0) * np.where(pop.status == DECLINING, 2.0, 1.0)
    p = p * np.array([1.0, 1.3, 1.3])[pop.tier]
    chosen = np.flatnonzero(eligible & (rng.random(pop.n) < np.minimum(p, 0.5)))
    k = len(chosen)
    lo = np.maximum(window.month_start_day(m), pop.since_day[chosen])
    hi = window.month_start_day(m + 1)
    day = lo + (rng.random(k) * (hi - lo)).astype("int64")
    received = day * DAY + rng.integers(8 * HOUR, 22 * HOUR, size=k)
    order = np.argsort(received, kind="stable")
    chosen, received = chosen[order], received[order]

    category = rng.choice(len(COMPLAINT_CATEGORIES), size=k, p=COMPLAINT_CATEGORY_P)
    severity = rng.choice(len(SEVERITY), size=k, p=SEVERITY_P)
    via = rng.choice(len(VIA), size=k, p=VIA_P)
    branch = pop.home[chosen]
    branch_valid = (via == 0) | (rng.random(k) < 0.5)
    ack = received + (HOUR * np.exp(np.log(3.0) + 1.3 * rng.standard_normal(k))).astype("int64")
    days = np.exp(np.log(5.0) + 0.25 * severity + 0.8 * rng.standard_normal(k))
    resolved = np.maximum(received + (days * DAY).astype("int64"), ack + HOUR)
    is_resolved = resolved < window.end
    escalation = np.where(severity == 3, 2, np.where((severity == 2) & (rng.random(k) < 0.5), 1, 0))
    escalation = np.where(days > 15, np.maximum(escalation, 1), escalation)
    escalation = np.where((via == 4) | (via == 5), 3, escalation)
    outcome = rng.choice(len(OUTCOMES), size=k, p=OUTCOME_P)
    favourable = is_resolved & (outcome <= 1)
    compensation = np.round(np.exp(np.log(200.0) + rng.standard_normal(k)), 2)
    has_comp = favourable & (rng.random(k) < 0.4)
    desc_idx = np.zeros(k, dtype="int64")
    pool: list[str] = []
    for c, name in enumerate(COMPLAINT_CATEGORIES):  # loop per category
        rows = category == c
        desc_idx[rows] = len(pool) + rng.integers(0, len(DESCRIPTIONS[name]), size=int(rows.sum()))
        pool.extend(DESCRIPTIONS[name])
    ids = fmt.ids("CP", counters.take("CP", k), k, 8)
    columns = {
        "complaint_id": ids,
        "customer_id": fmt.pick(pop.ids, chosen),
        "received_at": fmt.timestamps(received),
        "received_via": fmt.pick(VIA, via),
        "category": fmt.pick(COMPLAINT_CATEGORIES, category),
        "severity": fmt.pick(SEVERITY, severity),
        "branch_id": fmt.pick(branch_ids, branch, branch_valid),
        "acknowledged_at": fmt.timestamps(ack, (ack < window.end) & (rng.random(k) < 0.97)),
        "resolved_at": fmt.timestamps(resolved, is_resolved),
        "escalation_level": fmt.integers(escalation),
        "outcome": fmt.pick(OUTCOMES, outcome, is_resolved),
        "compensation_amount": fmt.money(compensation, has_comp),
        "description": fmt.pick(pool, desc_idx, rng.random(k) < 0.98),
    }
    return MonthComplaints(
        table=fmt.table(columns, COLUMNS["complaints"]),
        customer=chosen,
        ids=ids,
        branch=branch,
        branch_valid=branch_valid,
        resolved=resolved,
        is_resolved=is_resolved,
        favourable=favourable,
    )
