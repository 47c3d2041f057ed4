"""The customer population: static attributes, latent satisfaction, and the customers file."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import formatting as fmt
from .branches import Branches
from .calendar import Window
from .contract import COLUMNS
from .params import Effects
from .rng import stream
from .texts import GIVEN, PHONE_PREFIXES, SURNAMES

TIERS = ["mass", "affluent", "private"]
PENDING, ACTIVE, DECLINING, DORMANT, CLOSED = 0, 1, 2, 3, 4
STATE_NAMES = ["pending", "active", "declining", "dormant", "churned"]
NO_MONTH = -(10**6)


@dataclass
class Population:
    ids: pa.Array
    home: np.ndarray
    tier: np.ndarray
    since_day: np.ndarray
    since_month: np.ndarray
    mu: np.ndarray
    x: np.ndarray
    status: np.ndarray
    decline_left: np.ndarray
    decline_step: np.ndarray
    closed_day: np.ndarray
    churn_month: np.ndarray
    dormant_from: np.ndarray
    deposit: np.ndarray
    loan: np.ndarray
    products: np.ndarray
    grievance_until: np.ndarray
    detractor_until: np.ndarray
    initial_sat: np.ndarray
    final_sat: np.ndarray
    static: dict[str, pa.Array]

    @property
    def n(self) -> int:
        return len(self.home)

    @property
    def sat(self) -> np.ndarray:
        return self.mu + self.x


def make_population(
    seed: int, customers: int, branches: Branches, window: Window, fx: Effects
) -> Population:
    rng = stream(seed, "customers")
    n = customers
    branch_w = rng.gamma(4.0, size=branches.n_physical)
    home = rng.choice(branches.n_physical, size=n, p=branch_w / branch_w.sum())
    tier = rng.choice(3, size=n, p=np.array(fx.tier_shares))
    joins = rng.random(n) < fx.share_joining_in_window
    since_day = np.where(
        joins,
        rng.integers(window.start_day, window.end_day, size=n),
        window.start_day - rng.integers(1, 20 * 365, size=n),
    )
    since_month = window.month_of_days(since_day)
    mu = fx.sq_to_satisfaction * branches.sq[home] + fx.individual_sd * rng.standard_normal(n)
    stationary_sd = fx.ar_innovation_sd / np.sqrt(1 - fx.ar_rho**2)
    x = stationary_sd * rng.standard_normal(n)
    dormant0 = (~joins) & (rng.random(n) < fx.share_dormant_at_start)

    dep_median = np.array([25_000.0, 600_000.0, 8_000_000.0])
    dep_sigma = np.array([1.2, 0.6, 0.5])
    deposit = dep_median[tier] * np.exp(dep_sigma[tier] * rng.standard_normal(n))
    deposit = np.where(dormant0, deposit * 0.05, deposit)
    has_loan = rng.random(n) < np.array([0.25, 0.35, 0.3])[tier]
    loan = np.where(
        has_loan,
        np.array([300_000.0, 1_500_000.0, 5_000_000.0])[tier]
        * np.exp(0.7 * rng.standard_normal(n)),
        0.0,
    )
    lam = np.array([1.0, 2.0, 3.0])[tier]
    products = np.clip(1 + rng.poisson(lam) + has_loan, 1, 8).astype("int64")

    age = np.clip(rng.normal(45, 14, size=n), 18, 90).astype("int64")
    birth_year = int(window.start_month[:4]) - age
    gender = fmt.pick(["F", "M"], rng.integers(0, 2, size=n), rng.random(n) < 0.97)
    city_pool = pa.array(branches.city, type=pa.string())
    surname = fmt.pick(SURNAMES, rng.integers(0, len(SURNAMES), size=n))
    given1 = fmt.pick(GIVEN, rng.integers(0, len(GIVEN), size=n))
    given2 = fmt.pick(
        ["", *GIVEN], np.where(rng.random(n) < 0.3, 0, rng.integers(1, len(GIVEN) + 1, size=n))
    )
    full_name = pc.binary_join_element_wise(surname, given1, given2, "")
    prefix = fmt.pick(PHONE_PREFIXES, rng.integers(0, len(PHONE_PREFIXES), size=n))
    digits = pc.utf8_lpad(fmt.integers(rng.integers(0, 10**8, size=n)), width=8, padding="0")
    phone = pc.binary_join_element_wise(prefix, digits, "")
    phone_valid = rng.random(n) < 0.95
    static = {
        "customer_id": fmt.ids("C", 1, n, 8),
        "customer_since": fmt.dates(since_day),
        "tier": fmt.pick(TIERS, tier),
        "home_branch_id": fmt.pick(branches.ids, home),
        "birth_year": fmt.integers(birth_year, rng.random(n) < 0.96),
        "gender": gender,
        "city": fmt.pick(city_pool, home),
        "full_name": full_name,
        "phone": pc.if_else(pa.array(phone_valid), phone, fmt.nulls(n)),
    }
    return Population(
        ids=static["customer_id"],
        home=home,
        tier=tier,
        since_day=since_day,
        since_month=since_month,
        mu=mu,
        x=x,
        status=np.where(dormant0, DORMANT, PENDING).astype("int8"),
        decline_left=np.zeros(n, dtype="int64"),
        decline_step=np.zeros(n, dtype="int64"),
        closed_day=np.full(n, -1, dtype="int64"),
        churn_month=np.full(n, NO_MONTH),
        dormant_from=np.where(dormant0, 0, NO_MONTH),
        deposit=deposit,
        loan=loan,
        products=products,
        grievance_until=np.full(n, NO_MONTH),
        detractor_until=np.full(n, NO_MONTH),
        initial_sat=np.full(n, np.nan),
        final_sat=np.full(n, np.nan),
        static=static,
    )


def customers_table(pop: Population) -> pa.Table:
    closed = pop.closed_day >= 0
    columns = dict(pop.static)
    columns["closed_on"] = fmt.dates(np.where(closed, pop.closed_day, 0), closed)
    return fmt.table(columns, COLUMNS["customers"])
