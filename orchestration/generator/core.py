"""generate(): the month-by-month simulation that writes the landing files and the truth folder."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import formatting as fmt
from .activity import CHANNELS, balances_table, month_transactions, update_balances
from .branches import ChainParams, make_branches
from .calendar import DAY, Window
from .callbacks import make_callbacks
from .complaints import month_complaints
from .contract import COLUMNS, SOURCES
from .customers import (
    ACTIVE,
    CLOSED,
    DECLINING,
    DORMANT,
    PENDING,
    customers_table,
    make_population,
)
from .employees import TurnoverParams, make_employees
from .events import Counters, MonthBuffer
from .params import Effects
from .rng import stream
from .surveys import (
    answers,
    customer_scores,
    mystery_items,
    post_complaint_items,
    pulse_items,
    relationship_items,
    responses,
    transactional_items,
)
from .truth import CustomerMonthsWriter, write_truth
from .writers import Sink

HOUR = 3600
FOREVER = 10**9


@dataclass
class GenerationSummary:
    rows: dict[str, int]
    files: list[str]
    seconds: float
    out: Path
    truth: Path
    defects: int = 0
    files_per_source: dict[str, int] = field(default_factory=dict)


class _Surveys:
    """Puts responses and their answers in the month buffer under the response's month."""

    def __init__(self, window: Window, counters: Counters, buffer: MonthBuffer) -> None:
        self.window, self.counters, self.buffer = window, counters, buffer

    def add(
        self,
        instrument: str,
        respondent: pa.Array,
        responded: np.ndarray,
        items: list,
        **context: pa.Array | None,
    ) -> pa.Array:
        table, ids = responses(self.counters, instrument, respondent, responded, **context)
        month = self.window.month_of_secs(responded)
        self.buffer.add("survey_responses", table, month)
        answer_table, resp_index = answers(ids, items)
        self.buffer.add("survey_answers", answer_table, month[resp_index])
        return ids


def _moment(
    rng: np.random.Generator,
    lo_day: np.ndarray,
    hi_day: np.ndarray,
    first_hour: int,
    last_hour: int,
) -> np.ndarray:
    """A random time of day (between the hours) on a random day in [lo_day, hi_day)."""
    n = len(lo_day)
    day = lo_day + (rng.random(n) * np.maximum(hi_day - lo_day, 1)).astype("int64")
    return day * DAY + rng.integers(first_hour * HOUR, last_hour * HOUR, size=n)


def generate(
    customers: int,
    months: int,
    seed: int,
    out: Path,
    truth: Path | None = None,
    start_month: str = "2025-01",
    file_format: str = "csv",
    encodings: dict[str, str] | None = None,
    defect_rate: float = 0.0,
    progress: Callable[[str], None] | None = None,
) -> GenerationSummary:
    """Write a deterministic landing data set (and its truth folder) for the given arguments."""
    started = time.perf_counter()
    if customers < 1:
        raise ValueError("customers must be >= 1")
    if not 0 <= defect_rate < 0.5:
        raise ValueError("defect_rate must be in [0, 0.5)")
    out = Path(out)
    truth = Path(truth) if truth is not None else out.parent / "truth"
    encodings = {k.lower(): v for k, v in (encodings or {}).items()}
    unknown = set(encodings) - set(SOURCES)
    if unknown:
        raise ValueError(f"--encoding names unknown sources: {sorted(unknown)}")
    for enc in encodings.values():
        "".encode(enc)  # LookupError for an unknown codec
    say = progress or (lambda message: None)
    window = Window(start_month, months)
    fx = Effects()
    counters, buffer = Counters(), MonthBuffer(months)
    sink = Sink(out, seed, file_format, encodings, defect_rate, say, months=months)
    surveys = _Surveys(window, counters, buffer)

    branches = make_branches(
        seed, customers, window, ChainParams(fx.isq_to_esat, fx.esat_to_sq, fx.dimension_sd)
    )
    sink.write("branches", "branches", branches.table)
    say(f"branches: {branches.n} (incl. the call centre)")
    employees = make_employees(
        seed,
        customers,
        branches,
        window,
        TurnoverParams(fx.turnover_monthly_base, fx.turnover_esat_effect),
    )
    sink.write("employees", "employees", employees.table)
    say(f"employees: {len(employees.branch)}")
    pop = make_population(seed, customers, branches, window, fx)
    say(f"customers: {pop.n} initialised")
    cm_writer = CustomerMonthsWriter(truth)
    setup = stream(seed, "surveys", "setup")
    pulse_monthly = setup.random(branches.n) < 0.5
    shopper_ids = fmt.ids("MS", 1, max(10, branches.n_physical // 5), 4)
    n = pop.n

    for m in range(months):
        label = window.month_label(m)
        lo_day, hi_day = window.month_start_day(m), window.month_start_day(m + 1)
        # --- states: joiners, closers, latent satisfaction, churn and dormancy decisions
        rng = stream(seed, "churn", m)
        joining = (pop.status == PENDING) & (pop.since_month <= m)
        pop.status[joining] = ACTIVE
        closing = (pop.status == DECLINING) & (pop.decline_left == 0)
        pop.closed_day[closing] = lo_day + rng.integers(0, hi_day - lo_day, size=int(closing.sum()))
        pop.churn_month[closing] = m
        open_all = np.isin(pop.status, (ACTIVE, DECLINING, DORMANT))
        open_now = open_all & ~closing

        lat = stream(seed, "latent", m)
        eps = lat.standard_normal(n)
        continuing = open_all & ~joining
        pop.x = np.where(continuing, fx.ar_rho * pop.x + fx.ar_innovation_sd * eps, pop.x)
        sat = pop.sat
        first = open_all & np.isnan(pop.initial_sat)
        pop.initial_sat[first] = sat[first]

        candidates = (pop.status == ACTIVE) & ~joining
        hazard = (
            fx.churn_monthly_base
            * np.exp(fx.churn_satisfaction_effect * sat)
            * (
                1
                + fx.churn_detractor_multiplier * (pop.detractor_until >= m)
                + fx.churn_grievance_multiplier * (pop.grievance_until >= m)
            )
        )
        decide = candidates & (rng.random(n) < np.minimum(hazard, 0.9))
        length = rng.integers(1, 4, size=n)
        continuing_decline = (pop.status == DECLINING) & ~closing
        pop.decline_step[continuing_decline] += 1
        pop.decline_left[continuing_decline] -= 1
        pop.status[decide] = DECLINING
        pop.decline_step[decide] = 1
        pop.decline_left[decide] = length[decide] - 1
        dormancy = fx.dormancy_monthly_base * np.exp(fx.dormancy_satisfaction_effect * sat)
        go_dormant = candidates & ~decide & (rng.random(n) < dormancy)
        pop.status[go_dormant] = DORMANT
        pop.dormant_from[go_dormant] = m

        # --- balances
        update_balances(stream(seed, "balances", m), pop, open_now, fx)
        sink.write("balances", f"balances_{label}", balances_table(pop, open_now, label))

        # --- complaints, their callbacks and post-complaint surveys
        rng = stream(seed, "complaints", m)
        mc = month_complaints(rng, m, pop, open_now, window, counters, fx, branches.ids)
        sink.write("complaints", f"complaints_{label}", mc.table)
        pop.x[mc.customer] += fx.complaint_shock
        sat = pop.sat
        pop.grievance_until[mc.customer[~mc.is_resolved]] = FOREVER
        cb_rng = stream(seed, "callbacks", m)
        follow = mc.is_resolved & (cb_rng.random(len(mc.customer)) < fx.complaint_callback_share)
        sel = np.flatnonzero(follow)
        cust = mc.customer[sel]
        table, attempted, recovered = make_callbacks(
            cb_rng,
            counters,
            employees,
            branches.call_centre,
            pop.ids.take(pa.array(cust)),
            "complaint_follow_up",
            mc.ids.take(pa.array(sel)),
            mc.resolved[sel],
            sat[cust],
            mc.favourable[sel].astype(float),
        )
        buffer.add("callbacks", table, window.month_of_secs(attempted))
        pop.x[cust[recovered]] += fx.recovery_boost
        unrecovered = np.setdiff1d(mc.customer[mc.is_resolved], cust[recovered])
        pop.grievance_until[unrecovered] = np.maximum(pop.grievance_until[unrecovered], m + 6)
        sat = pop.sat

        srng = stream(seed, "surveys", m)
        pc_sel = np.flatnonzero(
            mc.is_resolved & (srng.random(len(mc.customer)) < fx.post_complaint_response_share)
        )
        pc_cust = mc.customer[pc_sel]
        responded = mc.resolved[pc_sel] + srng.integers(DAY, 5 * DAY, size=len(pc_sel))
        surveys.add(
            "post_complaint",
            pop.ids.take(pa.array(pc_cust)),
            responded,
            post_complaint_items(srng, sat[pc_cust], mc.favourable[pc_sel].astype(float)),
            branch_id=fmt.pick(branches.ids, mc.branch[pc_sel], mc.branch_valid[pc_sel]),
            channel=fmt.pick(["phone", "online"], srng.integers(0, 2, size=len(pc_sel))),
            related_complaint_id=mc.ids.take(pa.array(pc_sel)),
        )

        # --- transactions and transactional surveys
        mt = month_transactions(
            stream(seed, "activity", m),
            m,
            pop,
            open_now,
            closing,
            window,
            branches,
            employees,
            counters,
            fx,
        )
        sink.write("transactions", f"transactions_{label}", mt.table)
        t_cust = mt.survey_customer
        t_scores = customer_scores(srng, sat[t_cust], branches.quality[mt.survey_branch], fx)
        t_responded = mt.survey_occurred + srng.integers(HOUR, 36 * HOUR, size=len(t_cust))
        t_ids = surveys.add(
            "customer_transactional",
            pop.ids.take(pa.array(t_cust)),
            t_responded,
            transactional_items(srng, t_scores),
            branch_id=fmt.pick(branches.ids, mt.survey_branch),
            channel=fmt.pick(CHANNELS, mt.survey_channel),
            related_transaction_id=mt.survey_tx_id,
        )

        # --- relationship survey
        eligible = open_now & np.isin(pop.status, (ACTIVE, DECLINING))
        r_cust = np.flatnonzero(eligible & (srng.random(n) < fx.relationship_sample_share))
        r_scores = customer_scores(srng, sat[r_cust], branches.quality[pop.home[r_cust]], fx)
        r_responded = _moment(
            srng, np.maximum(lo_day, pop.since_day[r_cust]), np.full(len(r_cust), hi_day), 8, 22
        )
        r_ids = surveys.add(
            "customer_relationship",
            pop.ids.take(pa.array(r_cust)),
            r_responded,
            relationship_items(srng, r_scores, 0.3),
            branch_id=fmt.pick(branches.ids, pop.home[r_cust]),
        )

        # --- detractor follow-ups, transaction follow-ups, service visits, win-back calls
        d_cust = np.concatenate([t_cust, r_cust])
        d_nps = np.concatenate([t_scores["nps"], r_scores["nps"]])
        d_when = np.concatenate([t_responded, r_responded])
        d_ids = pa.concat_arrays([t_ids, r_ids])
        detractor = d_nps <= 6
        pop.detractor_until[d_cust[detractor]] = m + 6
        d_sel = np.flatnonzero(
            detractor & (cb_rng.random(len(d_cust)) < fx.detractor_callback_share)
        )
        table, attempted, recovered = make_callbacks(
            cb_rng,
            counters,
            employees,
            branches.call_centre,
            pop.ids.take(pa.array(d_cust[d_sel])),
            "detractor_follow_up",
            d_ids.take(pa.array(d_sel)),
            d_when[d_sel],
            sat[d_cust[d_sel]],
            np.zeros(len(d_sel)),
        )
        buffer.add("callbacks", table, window.month_of_secs(attempted))
        tf_sel = np.flatnonzero(
            (t_scores["csat"] <= 2) & ~detractor[: len(t_cust)] & (cb_rng.random(len(t_cust)) < 0.5)
        )
        table, attempted, _ = make_callbacks(
            cb_rng,
            counters,
            employees,
            branches.call_centre,
            pop.ids.take(pa.array(t_cust[tf_sel])),
            "transaction_follow_up",
            t_ids.take(pa.array(tf_sel)),
            t_responded[tf_sel],
            sat[t_cust[tf_sel]],
            np.zeros(len(tf_sel)),
        )
        buffer.add("callbacks", table, window.month_of_secs(attempted))
        for reason, chosen in (
            (
                "service_visit",
                np.flatnonzero(open_now & (pop.tier >= 1) & (cb_rng.random(n) < 0.004)),
            ),
            ("win_back", np.flatnonzero(decide & (cb_rng.random(n) < 0.3))),
        ):
            due = _moment(
                cb_rng,
                np.maximum(lo_day, pop.since_day[chosen]),
                np.full(len(chosen), hi_day),
                9,
                18,
            )
            table, attempted, _ = make_callbacks(
                cb_rng,
                counters,
                employees,
                branches.call_centre,
                pop.ids.take(pa.array(chosen)),
                reason,
                None,
                due,
                sat[chosen],
                np.zeros(len(chosen)),
            )
            buffer.add("callbacks", table, window.month_of_secs(attempted))

        # --- employee pulse and mystery shopping
        working = (employees.hired_day < hi_day) & (employees.left_day >= lo_day)
        asked = working & (pulse_monthly[employees.branch] | (m % 3 == 0))
        e_rows = np.flatnonzero(asked & (srng.random(len(asked)) < fx.pulse_response_share))
        eb = employees.branch[e_rows]
        e_resp = _moment(
            srng,
            np.maximum(lo_day, employees.hired_day[e_rows]),
            np.minimum(hi_day, employees.left_day[e_rows] + 1),
            9,
            18,
        )
        surveys.add(
            "employee_pulse",
            employees.ids.take(pa.array(e_rows)),
            e_resp,
            pulse_items(
                srng,
                branches.esat[eb] + employees.effect[e_rows],
                branches.isq[eb] + 0.3 * employees.effect[e_rows],
            ),
            branch_id=fmt.pick(branches.ids, eb),
            channel=fmt.constant("online", len(e_rows)),
        )
        visits = srng.poisson(fx.mystery_visits_per_branch_month, size=branches.n_physical)
        mb = np.repeat(np.arange(branches.n_physical), visits)
        m_resp = _moment(srng, np.full(len(mb), lo_day), np.full(len(mb), hi_day), 9, 17)
        surveys.add(
            "mystery_shop",
            shopper_ids.take(pa.array(srng.integers(0, len(shopper_ids), size=len(mb)))),
            m_resp,
            mystery_items(srng, branches.quality[mb]),
            branch_id=fmt.pick(branches.ids, mb),
            channel=fmt.constant("branch", len(mb)),
        )

        # --- month files for events that may arrive later than their cause
        for source, key in (
            ("survey_responses", "responded_at"),
            ("survey_answers", None),
            ("callbacks", "attempted_at"),
        ):
            table = buffer.pop(source, m, COLUMNS[source])
            if key is not None and table.num_rows:
                idx_col = COLUMNS[source][0]
                table = table.take(
                    pc.sort_indices(table, sort_keys=[(key, "ascending"), (idx_col, "ascending")])
                )
            sink.write(source, f"{source}_{label}", table)

        # --- truth: latent satisfaction and state per open customer
        rows = np.flatnonzero(open_all)
        state = np.where(closing[rows], CLOSED, pop.status[rows])
        cm_writer.add(pop, rows, label, state)
        pop.final_sat[rows] = sat[rows]
        pop.status[closing] = CLOSED
        say(
            f"month {label}: open customers {int(open_all.sum())}, churned {int(closing.sum())}, "
            f"transactions {mt.table.num_rows}, complaints {mc.table.num_rows}"
        )

    cm_writer.close()
    sink.write("customers", "customers", customers_table(pop))
    say(f"customers: {pop.n} written")
    arguments = {
        "customers": customers,
        "months": months,
        "seed": seed,
        "start_month": start_month,
        "file_format": file_format,
        "encodings": encodings,
        "defect_rate": defect_rate,
    }
    write_truth(truth, window, branches, pop, sink.defects, fx, arguments)
    say(f"truth written to {truth}")
    files_per_source = {s: sum(1 for f in sink.files if f.startswith(s + "/")) for s in SOURCES}
    return GenerationSummary(
        rows={s: sink.rows.get(s, 0) for s in SOURCES},
        files=list(sink.files),
        seconds=round(time.perf_counter() - started, 2),
        out=out,
        truth=truth,
        defects=len(sink.defects),
        files_per_source=files_per_source,
    )
