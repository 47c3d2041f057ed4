"""Branches with their planted latent chain: isq -> esat -> sq -> per-dimension quality."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from . import formatting as fmt
from .calendar import Window
from .contract import COLUMNS
from .rng import stream
from .texts import CITIES, NUMERALS

DIMENSIONS = ("tan", "rel", "res", "ass", "emp")
CALL_CENTRE_NAME = "客服中心 Call Centre"


@dataclass(frozen=True)
class ChainParams:
    isq_to_esat: float = 0.7
    esat_to_sq: float = 0.7
    dimension_sd: float = 0.5


@dataclass
class Branches:
    ids: pa.Array  # string ids, index = branch index; the last one is the call centre
    city: list[str]
    isq: np.ndarray
    esat: np.ndarray
    sq: np.ndarray
    quality: np.ndarray  # (n, 5) per SERVQUAL dimension, order DIMENSIONS
    table: pa.Table

    @property
    def n(self) -> int:
        return len(self.isq)

    @property
    def call_centre(self) -> int:
        return self.n - 1

    @property
    def n_physical(self) -> int:
        return self.n - 1


def branch_count(customers: int) -> int:
    return int(min(max(customers // 1500, 20), 800))


def make_branches(seed: int, customers: int, window: Window, chain: ChainParams) -> Branches:
    rng = stream(seed, "branches")
    n_phys = branch_count(customers)
    n = n_phys + 1
    isq = rng.standard_normal(n)
    resid = np.sqrt(1 - chain.isq_to_esat**2)
    esat = chain.isq_to_esat * isq + resid * rng.standard_normal(n)
    resid = np.sqrt(1 - chain.esat_to_sq**2)
    sq = chain.esat_to_sq * esat + resid * rng.standard_normal(n)
    quality = sq[:, None] + chain.dimension_sd * rng.standard_normal((n, len(DIMENSIONS)))

    weights = np.array([3.0, 2.5, 2.0, 2.0, 1.5, 1.5, 1.2, 1.0, 1.0, 0.9, 0.8, 0.8])
    weights = weights[: len(CITIES)] / weights[: len(CITIES)].sum()
    city_idx = rng.choice(len(CITIES), size=n_phys, p=weights)
    english = rng.random(n_phys) < 0.2
    district_pick = rng.integers(0, 1 << 30, size=n_phys)
    used: dict[tuple[int, int], int] = {}
    names, regions, cities = [], [], []
    for i in range(n_phys):  # loop per branch (<= 800)
        zh, en, region, districts = CITIES[city_idx[i]]
        d = int(district_pick[i] % len(districts))
        k = used.get((city_idx[i], d), 0)
        used[(city_idx[i], d)] = k + 1
        if english[i]:
            suffix = f" {k + 1}" if k else ""
            names.append(f"{en} {districts[d][1]} Sub-branch{suffix}")
        else:
            numeral = NUMERALS[k] if k < len(NUMERALS) else f"第{k + 1}"
            names.append(f"{zh}{districts[d][0]}{numeral}支行")
        regions.append(region)
        cities.append(zh)
    names.append(CALL_CENTRE_NAME)
    regions.append("Head Office")
    cities.append("上海")

    opened = window.start_day - rng.integers(365, 30 * 365, size=n)
    ids = fmt.ids("B", 1, n, 4)
    columns = {
        "branch_id": ids,
        "branch_name": pa.array(names, type=pa.string()),
        "region": pa.array(regions, type=pa.string()),
        "opened_on": fmt.dates(opened),
        "closed_on": fmt.nulls(n),
    }
    return Branches(
        ids=ids,
        city=cities,
        isq=isq,
        esat=esat,
        sq=sq,
        quality=quality,
        table=fmt.table(columns, COLUMNS["branches"]),
    )
