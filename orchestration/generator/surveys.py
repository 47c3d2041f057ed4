"""Survey responses and answers for the five instruments, derived from the latent variables."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from . import formatting as fmt
from .branches import DIMENSIONS
from .contract import COLUMNS, SERVQUAL_ITEMS
from .events import Counters
from .params import Effects
from .texts import VERBATIM_NEGATIVE, VERBATIM_NEUTRAL, VERBATIM_POSITIVE

VERBATIM_POOL = VERBATIM_NEGATIVE + VERBATIM_NEUTRAL + VERBATIM_POSITIVE


def _scale(
    rng: np.random.Generator,
    centre: float,
    slope: float,
    latent: np.ndarray,
    sd: float,
    lo: int,
    hi: int,
) -> np.ndarray:
    n = len(latent)
    return np.clip(np.round(centre + slope * latent + sd * rng.standard_normal(n)), lo, hi)


def responses(
    counters: Counters,
    instrument: str,
    respondent: pa.Array,
    responded_secs: np.ndarray,
    branch_id: pa.Array | None = None,
    channel: pa.Array | None = None,
    related_transaction_id: pa.Array | None = None,
    related_complaint_id: pa.Array | None = None,
) -> tuple[pa.Table, pa.Array]:
    n = len(responded_secs)
    ids = fmt.ids("R", counters.take("R", n), n, 9)
    columns = {
        "response_id": ids,
        "instrument": fmt.constant(instrument, n),
        "respondent_id": respondent,
        "responded_at": fmt.timestamps(responded_secs),
        "branch_id": branch_id if branch_id is not None else fmt.nulls(n),
        "channel": channel if channel is not None else fmt.nulls(n),
        "related_transaction_id": (
            related_transaction_id if related_transaction_id is not None else fmt.nulls(n)
        ),
        "related_complaint_id": (
            related_complaint_id if related_complaint_id is not None else fmt.nulls(n)
        ),
    }
    return fmt.table(columns, COLUMNS["survey_responses"]), ids


def answers(
    response_ids: pa.Array, items: list[tuple[str, np.ndarray | None, pa.Array | None]]
) -> tuple[pa.Table, np.ndarray]:
    """Long answers table, response-major; items are (code, numeric or None, text or None).

    Returns the table and, per answer row, the index of its response."""
    n, k = len(response_ids), len(items)
    if n == 0 or k == 0:
        empty = pa.array([], type=pa.string())
        return fmt.table(
            {c: empty for c in COLUMNS["survey_answers"]}, COLUMNS["survey_answers"]
        ), np.zeros(0, dtype="int64")
    codes, numerics, texts = [], [], []
    for code, numeric, text in items:  # loop per question code
        codes.append(fmt.constant(code, n))
        if numeric is None:
            numerics.append(fmt.nulls(n))
        else:
            valid = ~np.isnan(numeric)
            numerics.append(fmt.integers(np.where(valid, numeric, 0), valid))
        texts.append(text if text is not None else fmt.nulls(n))
    order = pa.array(np.arange(n * k).reshape(k, n).T.ravel())
    resp_index = np.tile(np.arange(n), k)
    table = pa.table(
        {
            "response_id": pa.concat_arrays([response_ids] * k).take(order),
            "question_code": pa.concat_arrays(codes).take(order),
            "answer_numeric": pa.concat_arrays(numerics).take(order),
            "answer_text": pa.concat_arrays(texts).take(order),
        }
    )
    # drop unanswered items (both numeric and text empty)
    table_resp = resp_index[np.asarray(order)]
    keep = np.asarray(table["answer_numeric"].is_valid()) | np.asarray(
        table["answer_text"].is_valid()
    )
    return table.filter(pa.array(keep)), table_resp[keep]


def verbatim(
    rng: np.random.Generator, nps: np.ndarray, share: float
) -> tuple[np.ndarray, pa.Array]:
    """A free-text comment for a share of responses, its tone following the NPS band."""
    n = len(nps)
    band = np.where(nps <= 6, 0, np.where(nps <= 8, 1, 2))
    offsets = np.array([0, len(VERBATIM_NEGATIVE), len(VERBATIM_NEGATIVE) + len(VERBATIM_NEUTRAL)])
    sizes = np.array([len(VERBATIM_NEGATIVE), len(VERBATIM_NEUTRAL), len(VERBATIM_POSITIVE)])
    idx = offsets[band] + (rng.random(n) * sizes[band]).astype("int64")
    has = rng.random(n) < share
    return has, fmt.pick(VERBATIM_POOL, idx, has)


def customer_scores(
    rng: np.random.Generator, sat: np.ndarray, quality: np.ndarray, fx: Effects
) -> dict[str, np.ndarray]:
    """Perceived dimension quality, CSAT, NPS and CES for customers with satisfaction `sat`
    served by branches with per-dimension `quality` (n, 5)."""
    n = len(sat)
    perceived = (
        fx.perception_branch_weight * quality
        + fx.perception_satisfaction_weight * sat[:, None]
        + 0.6 * rng.standard_normal((n, len(DIMENSIONS)))
    )
    weights = np.array([fx.servqual_driver_weights[d] for d in DIMENSIONS])
    csat_latent = perceived @ weights + 0.2 * sat + 0.4 * rng.standard_normal(n)
    return {
        "perceived": perceived,
        "csat": _scale(rng, 3.5, 0.8, csat_latent, 0.45, 1, 5),
        "nps": _scale(rng, 7.0, 1.5, 0.5 * csat_latent + 0.5 * sat, 1.0, 0, 10),
        "ces": _scale(rng, 3.0, -0.9, sat, 1.0, 1, 7),
    }


def relationship_items(
    rng: np.random.Generator, scores: dict[str, np.ndarray], verbatim_share: float
) -> list[tuple[str, np.ndarray | None, pa.Array | None]]:
    n = len(scores["csat"])
    items: list[tuple[str, np.ndarray | None, pa.Array | None]] = [
        ("nps", scores["nps"], None),
        ("csat", scores["csat"], None),
        ("ces", scores["ces"], None),
    ]
    level = 0.4 * rng.standard_normal(n)
    for d, dim in enumerate(DIMENSIONS):  # loop per SERVQUAL dimension and item
        for i in range(1, SERVQUAL_ITEMS[dim] + 1):
            exp = _scale(rng, 6.1, 1.0, level, 0.5, 1, 7)
            per = _scale(rng, 4.8, 0.9, scores["perceived"][:, d], 0.7, 1, 7)
            items.append((f"sq_{dim}_{i}_exp", exp, None))
            items.append((f"sq_{dim}_{i}_per", per, None))
    has, text = verbatim(rng, scores["nps"], verbatim_share)
    if has.any():
        items.append(("verbatim", None, text))
    return items


def transactional_items(
    rng: np.random.Generator, scores: dict[str, np.ndarray]
) -> list[tuple[str, np.ndarray | None, pa.Array | None]]:
    items: list[tuple[str, np.ndarray | None, pa.Array | None]] = [
        ("csat", scores["csat"], None),
        ("ces", scores["ces"], None),
        ("nps", scores["nps"], None),
    ]
    has, text = verbatim(rng, scores["nps"], 0.15)
    if has.any():
        items.append(("verbatim", None, text))
    return items


def pulse_items(
    rng: np.random.Generator, esat: np.ndarray, isq: np.ndarray
) -> list[tuple[str, np.ndarray | None, pa.Array | None]]:
    return [
        ("esat", _scale(rng, 3.3, 0.8, esat, 0.6, 1, 5), None),
        ("isq_1", _scale(rng, 3.3, 0.8, isq, 0.7, 1, 5), None),
        ("isq_2", _scale(rng, 3.2, 0.8, isq, 0.7, 1, 5), None),
        ("isq_3", _scale(rng, 3.4, 0.8, isq, 0.7, 1, 5), None),
        ("stay", _scale(rng, 3.4, 0.6, esat, 0.8, 1, 5), None),
    ]


def mystery_items(
    rng: np.random.Generator, quality: np.ndarray
) -> list[tuple[str, np.ndarray | None, pa.Array | None]]:
    return [
        (f"ms_{dim}", _scale(rng, 75, 9, quality[:, d], 7, 0, 100), None)
        for d, dim in enumerate(DIMENSIONS)
    ]


def post_complaint_items(
    rng: np.random.Generator, sat: np.ndarray, favourable: np.ndarray
) -> list[tuple[str, np.ndarray | None, pa.Array | None]]:
    latent = sat + 1.0 * favourable
    return [
        ("csat", _scale(rng, 2.8, 0.7, latent, 0.6, 1, 5), None),
        ("nps", _scale(rng, 5.5, 1.5, latent, 1.0, 0, 10), None),
    ]
