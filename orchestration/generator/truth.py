"""The truth folder: planted latent values, effect sizes and the defects a loader must find."""

from __future__ import annotations

import csv
import json
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from . import formatting as fmt
from .branches import DIMENSIONS, Branches
from .calendar import Window
from .contract import SERVQUAL_NAMES
from .customers import NO_MONTH, STATE_NAMES, TIERS, Population
from .defects import Defect
from .params import Effects


class CustomerMonthsWriter:
    """truth/customer_months.parquet, written month by month."""

    SCHEMA = pa.schema(
        [
            ("customer_id", pa.string()),
            ("month", pa.string()),
            ("latent_satisfaction", pa.float64()),
            ("state", pa.string()),
        ]
    )

    def __init__(self, truth: Path) -> None:
        truth.mkdir(parents=True, exist_ok=True)
        self._writer = pq.ParquetWriter(truth / "customer_months.parquet", self.SCHEMA)

    def add(self, pop: Population, rows: np.ndarray, label: str, state: np.ndarray) -> None:
        table = pa.table(
            {
                "customer_id": fmt.pick(pop.ids, rows),
                "month": fmt.constant(label, len(rows)),
                "latent_satisfaction": pa.array(np.round(pop.sat[rows], 4)),
                "state": fmt.pick(STATE_NAMES, state),
            },
            schema=self.SCHEMA,
        )
        self._writer.write_table(table)

    def close(self) -> None:
        self._writer.close()


def _month_labels(window: Window, months: np.ndarray) -> pa.Array:
    labels = [window.month_label(m) for m in range(window.months)]
    valid = months != NO_MONTH
    return fmt.pick(labels, np.where(valid, np.clip(months, 0, window.months - 1), 0), valid)


def write_truth(
    truth: Path,
    window: Window,
    branches: Branches,
    pop: Population,
    defects: list[Defect],
    fx: Effects,
    arguments: dict,
) -> None:
    truth.mkdir(parents=True, exist_ok=True)
    b = {
        "branch_id": branches.ids,
        "isq": pa.array(np.round(branches.isq, 4)),
        "esat": pa.array(np.round(branches.esat, 4)),
        "sq": pa.array(np.round(branches.sq, 4)),
    }
    for d, dim in enumerate(DIMENSIONS):
        b[f"quality_{SERVQUAL_NAMES[dim]}"] = pa.array(np.round(branches.quality[:, d], 4))
    pacsv.write_csv(pa.table(b), truth / "branches.csv")

    c = {
        "customer_id": pop.ids,
        "home_branch_id": fmt.pick(branches.ids, pop.home),
        "tier": fmt.pick(TIERS, pop.tier),
        "customer_since": fmt.dates(pop.since_day),
        "churn_month": _month_labels(window, pop.churn_month),
        "dormant_from_month": _month_labels(window, pop.dormant_from),
        "initial_latent_satisfaction": pa.array(np.round(pop.initial_sat, 4)),
        "final_latent_satisfaction": pa.array(np.round(pop.final_sat, 4)),
    }
    pacsv.write_csv(pa.table(c), truth / "customers.csv")

    with open(truth / "servqual_driver_weights.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["dimension", "code", "csat_weight"])
        for dim, weight in fx.servqual_driver_weights.items():
            w.writerow([SERVQUAL_NAMES[dim], dim, weight])

    with open(truth / "defects.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["source", "source_file", "row_number", "expected_reason"])
        for d in defects:
            w.writerow([d.source, d.source_file, d.row_number, d.expected_reason])

    params = {
        "arguments": arguments,
        "effects": asdict(fx),
        "chain": {
            "isq_to_esat": fx.isq_to_esat,
            "esat_to_sq": fx.esat_to_sq,
            "sq_to_customer_satisfaction": fx.sq_to_satisfaction,
        },
    }
    (truth / "parameters.json").write_text(
        json.dumps(params, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
    )
