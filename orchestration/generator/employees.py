"""Employees per branch (plus the call centre), turnover driven by branch esat, replacements."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from . import formatting as fmt
from .branches import Branches
from .calendar import Window
from .contract import COLUMNS
from .rng import stream

ROLES = [
    "teller",
    "relationship_manager",
    "lobby_manager",
    "call_center",
    "back_office",
    "branch_manager",
]
TELLER, CALL_CENTER = 0, 3
NEVER = np.iinfo("int64").max // 4


@dataclass(frozen=True)
class TurnoverParams:
    monthly_base: float = 0.012
    esat_effect: float = -0.6  # log-hazard per unit branch esat


@dataclass
class Employees:
    ids: pa.Array
    branch: np.ndarray
    role: np.ndarray
    hired_day: np.ndarray
    left_day: np.ndarray  # NEVER when still employed
    effect: np.ndarray  # individual satisfaction effect
    table: pa.Table

    def of_role(self, role: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(employee indexes sorted by branch, start offset per branch, count per branch)."""
        idx = np.flatnonzero(self.role == role)
        idx = idx[np.argsort(self.branch[idx], kind="stable")]
        n_branches = int(self.branch.max()) + 1
        counts = np.bincount(self.branch[idx], minlength=n_branches)
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
        return idx, starts, counts

    def pick(
        self, role: int, branch: np.ndarray, u: np.ndarray, day: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """An employee of `role` at each branch (index, valid) chosen by uniforms `u`; with `day`
        (days since 1970) a pick not employed on that day is not valid."""
        idx, starts, counts = self.of_role(role)
        c = counts[branch]
        valid = c > 0
        pos = starts[branch] + np.minimum((u * c).astype("int64"), np.maximum(c - 1, 0))
        chosen = np.where(valid, idx[np.minimum(pos, max(len(idx) - 1, 0))], 0)
        if day is not None:
            valid &= (self.hired_day[chosen] <= day) & (self.left_day[chosen] > day)
        return chosen, valid


def make_employees(
    seed: int, customers: int, branches: Branches, window: Window, turnover: TurnoverParams
) -> Employees:
    rng = stream(seed, "employees")
    n_phys = branches.n_physical
    per_role = {
        "branch_manager": np.ones(n_phys, dtype="int64"),
        "lobby_manager": np.ones(n_phys, dtype="int64"),
        "teller": rng.integers(3, 7, size=n_phys),
        "relationship_manager": rng.integers(2, 5, size=n_phys),
        "back_office": rng.integers(1, 4, size=n_phys),
    }
    branch_parts, role_parts = [], []
    for role, counts in per_role.items():  # loop per role
        branch_parts.append(np.repeat(np.arange(n_phys), counts))
        role_parts.append(np.full(int(counts.sum()), ROLES.index(role)))
    cc = branches.call_centre
    agents = max(12, customers // 4000)
    for role, count in (("call_center", agents), ("branch_manager", 1), ("back_office", 2)):
        branch_parts.append(np.full(count, cc))
        role_parts.append(np.full(count, ROLES.index(role)))
    branch = np.concatenate(branch_parts)
    role = np.concatenate(role_parts)
    order = np.lexsort((role, branch))
    branch, role = branch[order], role[order]
    n = len(branch)

    hired = window.start_day - rng.integers(30, 15 * 365, size=n)
    hazard = turnover.monthly_base * np.exp(turnover.esat_effect * branches.esat[branch])
    months_to_leave = rng.exponential(1.0 / hazard)
    leaves = months_to_leave < window.months
    left = np.where(leaves, window.start_day + (months_to_leave * 30.4).astype("int64"), NEVER)
    # replacements for leavers, hired 1-6 weeks later when inside the window
    rep_hired = left[leaves] + rng.integers(7, 45, size=int(leaves.sum()))
    keep = rep_hired < window.end_day
    rep_branch, rep_role, rep_hired = branch[leaves][keep], role[leaves][keep], rep_hired[keep]
    branch = np.concatenate([branch, rep_branch])
    role = np.concatenate([role, rep_role])
    hired = np.concatenate([hired, rep_hired])
    left = np.concatenate([left, np.full(len(rep_branch), NEVER)])
    effect = 0.6 * rng.standard_normal(len(branch))
    ids = fmt.ids("E", 1, len(branch), 6)
    columns = {
        "employee_id": ids,
        "branch_id": fmt.pick(branches.ids, branch),
        "role": fmt.pick(ROLES, role),
        "hired_on": fmt.dates(hired),
        "left_on": fmt.dates(np.where(left == NEVER, 0, left), left != NEVER),
    }
    return Employees(
        ids=ids,
        branch=branch,
        role=role,
        hired_day=hired,
        left_day=left,
        effect=effect,
        table=fmt.table(columns, COLUMNS["employees"]),
    )
