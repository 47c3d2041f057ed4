"""Independent, reproducible random streams: one per stage (and per month or file)."""

from __future__ import annotations

import zlib

import numpy as np

STAGES: dict[str, int] = {
    "branches": 1,
    "employees": 2,
    "customers": 3,
    "latent": 10,
    "complaints": 11,
    "activity": 12,
    "balances": 13,
    "surveys": 14,
    "callbacks": 15,
    "churn": 16,
    "defects": 20,
}


def stream(seed: int, stage: str, *keys: int | str) -> np.random.Generator:
    """A numpy Generator(PCG64) for `stage` (and optional keys) derived from the run seed."""
    spawn_key = [STAGES[stage]]
    for key in keys:
        spawn_key.append(zlib.crc32(key.encode()) if isinstance(key, str) else int(key))
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=spawn_key)))
