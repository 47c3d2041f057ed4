"""Monthly transactions (customer-initiated plus bank fee/interest rows) and balances."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from . import formatting as fmt
from .branches import Branches
from .calendar import DAY, Window
from .contract import COLUMNS
from .customers import ACTIVE, DECLINING, Population
from .employees import CALL_CENTER, TELLER, Employees
from .events import Counters
from .params import Effects

HOUR = 3600
CHANNELS = ["branch", "atm", "pos", "online", "mobile", "phone"]
TYPES = ["deposit", "withdrawal", "transfer", "payment", "purchase", "fee", "interest"]
# channel mix for mass vs affluent/private customers
CHANNEL_P = np.array(
    [
        [0.10, 0.14, 0.26, 0.14, 0.31, 0.05],
        [0.18, 0.08, 0.22, 0.16, 0.29, 0.07],
    ]
)
# transaction type mix per channel (deposit, withdrawal, transfer, payment, purchase)
TYPE_P = np.array(
    [
        [0.35, 0.30, 0.25, 0.10, 0.00],  # branch
        [0.30, 0.70, 0.00, 0.00, 0.00],  # atm
        [0.00, 0.00, 0.00, 0.00, 1.00],  # pos
        [0.00, 0.00, 0.50, 0.30, 0.20],  # online
        [0.00, 0.00, 0.45, 0.30, 0.25],  # mobile
        [0.00, 0.00, 0.60, 0.40, 0.00],  # phone
    ]
)
TYPE_MEDIAN = np.array([3000.0, 1200.0, 2500.0, 600.0, 180.0])
TIER_AMOUNT = np.array([1.0, 3.0, 10.0])
CURRENCIES = ["CNY", "USD", "HKD", "EUR"]


@dataclass
class MonthTransactions:
    table: pa.Table
    # customer-initiated branch/phone transactions picked for a transactional survey
    survey_customer: np.ndarray
    survey_occurred: np.ndarray
    survey_channel: np.ndarray
    survey_branch: np.ndarray
    survey_tx_id: pa.Array
    customer_initiated: np.ndarray  # count per customer this month


def update_balances(
    rng: np.random.Generator, pop: Population, open_now: np.ndarray, fx: Effects
) -> None:
    n = pop.n
    sat = pop.sat
    growth = np.exp(0.003 + 0.01 * sat + 0.06 * rng.standard_normal(n))
    declining = pop.status == DECLINING
    drain = fx.churn_decline_balance_factor * np.exp(0.03 * rng.standard_normal(n))
    factor = np.where(declining, drain, growth)
    pop.deposit = np.where(open_now, pop.deposit * factor, pop.deposit)
    pop.loan = np.where(open_now, pop.loan * 0.99, pop.loan)
    drop = open_now & declining & (rng.random(n) < 0.5)
    pop.products = np.where(drop, np.maximum(pop.products - 1, 1), pop.products)


def balances_table(pop: Population, open_now: np.ndarray, label: str) -> pa.Table:
    rows = np.flatnonzero(open_now)
    k = len(rows)
    columns = {
        "customer_id": fmt.pick(pop.ids, rows),
        "month": fmt.constant(label, k),
        "deposit_balance": fmt.money(pop.deposit[rows]),
        "loan_balance": fmt.money(pop.loan[rows]),
        "products_held": fmt.integers(pop.products[rows]),
    }
    return fmt.table(columns, COLUMNS["balances"])


def month_transactions(
    rng: np.random.Generator,
    m: int,
    pop: Population,
    open_now: np.ndarray,
    closing: np.ndarray,
    window: Window,
    branches: Branches,
    employees: Employees,
    counters: Counters,
    fx: Effects,
) -> MonthTransactions:
    n = pop.n
    month_lo, month_hi = window.month_start_day(m), window.month_start_day(m + 1)
    # --- customer-initiated
    initiating = (open_now & ((pop.status == ACTIVE) | (pop.status == DECLINING))) | closing
    lo = np.maximum(month_lo, pop.since_day)
    hi = np.where(closing, pop.closed_day, month_hi)
    span = np.clip(hi - lo, 0, None)
    step = np.where(
        closing, pop.decline_step + 1, np.where(pop.status == DECLINING, pop.decline_step, 0)
    )
    lam = (
        np.array(fx.activity_tier_base)[pop.tier]
        * np.exp(fx.activity_satisfaction_effect * pop.sat)
        * fx.churn_decline_activity_factor**step
        * span
        / (month_hi - month_lo)
    )
    counts = rng.poisson(np.where(initiating, lam, 0.0))
    cust = np.repeat(np.arange(n), counts)
    r = len(cust)
    tier = pop.tier[cust]
    cum = np.cumsum(CHANNEL_P, axis=1)[np.minimum(tier, 1)]
    channel = (rng.random(r)[:, None] > cum[:, :-1]).sum(axis=1)
    ttype = np.zeros(r, dtype="int64")
    hour = np.zeros(r, dtype="int64")
    for c in range(len(CHANNELS)):  # loop per channel
        rows = np.flatnonzero(channel == c)
        ttype[rows] = rng.choice(5, size=len(rows), p=TYPE_P[c])
        if CHANNELS[c] == "branch":
            hour[rows] = rng.integers(9 * HOUR, 17 * HOUR, size=len(rows))
        elif CHANNELS[c] == "phone":
            hour[rows] = rng.integers(8 * HOUR, 21 * HOUR, size=len(rows))
        else:
            night = rng.random(len(rows)) < 0.06
            hour[rows] = np.where(
                night,
                rng.integers(0, 7 * HOUR, size=len(rows)),
                rng.integers(7 * HOUR, 24 * HOUR, size=len(rows)),
            )
    day = lo[cust] + (rng.random(r) * span[cust]).astype("int64")
    occurred = day * DAY + hour
    amount = np.maximum(
        TYPE_MEDIAN[ttype] * TIER_AMOUNT[tier] * np.exp(0.9 * rng.standard_normal(r)), 1.0
    )
    has_fee = np.isin(ttype, [1, 2]) & (channel != 2) & (rng.random(r) < 0.12)
    fee_amount = np.round(rng.uniform(1, 25, size=r), 2)
    branch = np.full(r, branches.call_centre, dtype="int64")
    branch_valid = np.zeros(r, dtype=bool)
    is_branch, is_atm, is_phone = channel == 0, channel == 1, channel == 5
    home = pop.home[cust]
    elsewhere = rng.integers(0, branches.n_physical, size=r)
    branch = np.where(is_branch | is_atm, np.where(rng.random(r) < 0.85, home, elsewhere), branch)
    branch_valid = is_branch | (is_atm & (rng.random(r) < 0.6)) | is_phone
    teller, teller_ok = employees.pick(TELLER, branch, rng.random(r), day)
    agent, agent_ok = employees.pick(CALL_CENTER, branch, rng.random(r), day)
    employee = np.where(is_branch, teller, agent)
    employee_valid = (is_branch & teller_ok & (rng.random(r) < 0.8)) | (
        is_phone & agent_ok & (rng.random(r) < 0.7)
    )
    ci_counts = counts

    # --- bank-initiated fee and interest rows (not activity)
    bank = open_now & ~closing
    fee_p = fx.fee_share * np.array([1.4, 0.4, 0.2])[pop.tier]
    fee_rows = np.flatnonzero(bank & (rng.random(n) < fee_p))
    interest_amount = np.round(pop.deposit * fx.interest_annual_rate / 12, 2)
    int_rows = np.flatnonzero(bank & (interest_amount >= 0.01))
    last = (month_hi - 1) * DAY
    f, i = len(fee_rows), len(int_rows)
    fee_values = np.array([2.0, 5.0, 10.0, 20.0, 50.0])[rng.integers(0, 5, size=f)]

    all_cust = np.concatenate([cust, fee_rows, int_rows])
    all_occ = np.concatenate(
        [
            occurred,
            last + rng.integers(HOUR, 3 * HOUR, size=f),
            last + rng.integers(0, HOUR, size=i),
        ]
    )
    all_channel = np.concatenate([channel, np.full(f + i, 3)])
    all_type = np.concatenate([ttype, np.full(f, 5), np.full(i, 6)])
    all_amount = np.concatenate([amount, fee_values, interest_amount[int_rows]])
    all_fee = np.concatenate([fee_amount, np.zeros(f + i)])
    all_has_fee = np.concatenate([has_fee, np.zeros(f + i, dtype=bool)])
    all_branch = np.concatenate([branch, np.zeros(f + i, dtype="int64")])
    all_branch_valid = np.concatenate([branch_valid, np.zeros(f + i, dtype=bool)])
    all_emp = np.concatenate([employee, np.zeros(f + i, dtype="int64")])
    all_emp_valid = np.concatenate([employee_valid, np.zeros(f + i, dtype=bool)])
    total = r + f + i
    cur_u = rng.random(total)
    currency = np.where(cur_u < 0.9, 0, 1 + (rng.random(total) * 3).astype("int64"))
    currency_valid = (cur_u < 0.9) | (cur_u >= 0.98)
    is_ci = np.concatenate([np.ones(r, dtype=bool), np.zeros(f + i, dtype=bool)])
    pick_survey = (
        is_ci & np.isin(all_channel, [0, 5]) & (rng.random(total) < fx.transactional_sample_share)
    )

    order = np.argsort(all_occ, kind="stable")
    ids = fmt.ids("T", counters.take("T", total), total, 10)
    o = order
    columns = {
        "transaction_id": ids,
        "customer_id": fmt.pick(pop.ids, all_cust[o]),
        "occurred_at": fmt.timestamps(all_occ[o]),
        "channel": fmt.pick(CHANNELS, all_channel[o]),
        "transaction_type": fmt.pick(TYPES, all_type[o]),
        "amount": fmt.money(all_amount[o]),
        "fee_amount": fmt.money(all_fee[o], all_has_fee[o]),
        "branch_id": fmt.pick(branches.ids, all_branch[o], all_branch_valid[o]),
        "employee_id": fmt.pick(employees.ids, all_emp[o], all_emp_valid[o]),
        "currency": fmt.pick(CURRENCIES, currency[o], currency_valid[o]),
    }
    sel = np.flatnonzero(pick_survey[o])
    return MonthTransactions(
        table=fmt.table(columns, COLUMNS["transactions"]),
        survey_customer=all_cust[o][sel],
        survey_occurred=all_occ[o][sel],
        survey_channel=all_channel[o][sel],
        survey_branch=all_branch[o][sel],
        survey_tx_id=ids.take(pa.array(sel)),
        customer_initiated=ci_counts,
    )
