"""What the management pack shows, read from the published copy of the marts.

Everything here is plain data (no language, no layout): `load_pack_data` returns the tables
the HTML report and the Excel workbook both render, so the two always hold the same numbers.
Rates are recomputed from the marts' additive counts where a mart has several rows per month.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

TREND_MONTHS = 13

# Scorecard order; each code has a row in seeds/kpi_targets.csv except `profit`.
KPI_CODES: tuple[str, ...] = (
    "nps",
    "csat_mean",
    "ces_mean",
    "servqual_gap",
    "complaint_sla_share",
    "recovery_rate",
    "retention",
    "stable_share",
    "at_risk_share",
    "cold_share",
    "profit_per_customer",
    "profit",
)

# Formats the renderers understand: text, int, num1, num2, pct, money, status.
KPI_FORMATS: dict[str, str] = {
    "nps": "num1",
    "csat_mean": "num2",
    "ces_mean": "num2",
    "servqual_gap": "num2",
    "complaint_sla_share": "pct",
    "recovery_rate": "pct",
    "retention": "pct",
    "stable_share": "pct",
    "at_risk_share": "pct",
    "cold_share": "pct",
    "profit_per_customer": "money",
    "profit": "money",
}

SEGMENTS_FROM: tuple[str, ...] = ("stable", "at_risk", "cold", "new")
SEGMENTS_TO: tuple[str, ...] = ("stable", "at_risk", "cold", "churned")
FUNNEL_STAGES: tuple[str, ...] = (
    "cases_due",
    "called_back",
    "called_back_within_sla",
    "reached",
    "recovered",
)


class PackError(RuntimeError):
    """The pack cannot be built (no published copy, or no data for the month)."""


@dataclass(frozen=True)
class Column:
    key: str  # label key, e.g. col_actual
    fmt: str = "text"
    value_prefix: str | None = None  # coded values translated with labels.value_label


@dataclass
class Table:
    key: str  # section label key, also the Excel sheet
    columns: list[Column]
    rows: list[list[object]]


@dataclass
class KpiTarget:
    target: float
    direction: str
    amber_tolerance: float


@dataclass
class PackData:
    month: dt.date
    published_at: str
    months: list[dt.date]  # the trend window, oldest first, ending at `month`
    kpis: dict[str, dict[dt.date, float | None]]  # code -> month -> value
    targets: dict[str, KpiTarget]
    scorecard: Table
    trends: Table
    migration: Table
    complaints: Table
    closed_loop: Table
    drivers: Table
    chain: Table
    branches: Table
    drivers_low_sample: bool = False
    extras: dict[str, object] = field(default_factory=dict)

    @property
    def tables(self) -> list[Table]:
        return [
            self.scorecard,
            self.trends,
            self.migration,
            self.complaints,
            self.closed_loop,
            self.drivers,
            self.chain,
            self.branches,
        ]


def parse_month(text: str) -> dt.date:
    """'2025-12' -> date(2025, 12, 1); a clear error for anything else."""
    try:
        parsed = dt.datetime.strptime(text, "%Y-%m")
    except ValueError as error:
        raise PackError(f"month must be YYYY-MM, got {text!r}") from error
    return parsed.date().replace(day=1)


def add_months(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def rag_status(value: float | None, target: KpiTarget | None) -> str:
    """green / amber / red against the target, `none` without a value or a target."""
    if value is None or target is None:
        return "none"
    shortfall = target.target - value if target.direction == "higher" else value - target.target
    if shortfall <= 1e-12:
        return "green"
    if shortfall <= target.amber_tolerance + 1e-12:
        return "amber"
    return "red"


def connect_published(path: Path) -> duckdb.DuckDBPyConnection:
    if not Path(path).exists():
        raise PackError(f"{path} does not exist yet: run a refresh (make refresh) first.")
    return duckdb.connect(str(path), read_only=True)


def latest_complete_month(con: duckdb.DuckDBPyConnection) -> dt.date:
    """The latest month whose last day the transactions reach (a month still running is not
    complete), among the months the satisfaction mart holds."""
    row = con.execute(
        """
        with covered as (
            select max(occurred_on) as last_day from marts.fct_transactions
        ),

        months as (
            select distinct response_month as month_start
            from marts.mart_satisfaction_monthly
        )

        select max(month_start)
        from months, covered
        where last_day(month_start) <= covered.last_day
        """
    ).fetchone()
    if row is None or row[0] is None:
        raise PackError("the marts hold no complete month yet")
    return row[0]


def _by_month(con, sql: str, months: list[dt.date]) -> dict[str, dict[dt.date, float | None]]:
    """Run a query returning month_start plus one column per KPI; month -> value per KPI."""
    result = con.execute(sql, [months[0], months[-1]])
    names = [column[0] for column in result.description][1:]
    values: dict[str, dict[dt.date, float | None]] = {name: {} for name in names}
    for month, *row in result.fetchall():
        for name, value in zip(names, row, strict=True):
            values[name][month] = None if value is None else float(value)
    return values


def _kpis(con, months: list[dt.date]) -> dict[str, dict[dt.date, float | None]]:
    kpis: dict[str, dict[dt.date, float | None]] = {}
    kpis |= _by_month(
        con,
        """
        select response_month, nps, csat_mean, ces_mean, servqual_gap
        from marts.mart_satisfaction_monthly
        where is_all_branches and is_all_channels and is_all_tiers
          and response_month between ? and ?
        """,
        months,
    )
    kpis |= _by_month(
        con,
        """
        select
            received_month,
            sum(resolved_within_sla) / nullif(sum(resolve_sla_evaluated), 0)
                as complaint_sla_share
        from marts.mart_complaints_monthly
        where is_all_branches and received_month between ? and ?
        group by received_month
        """,
        months,
    )
    kpis |= _by_month(
        con,
        """
        select case_month, recovery_rate
        from marts.mart_closed_loop_monthly
        where is_all_branches and is_all_case_types and case_month between ? and ?
        """,
        months,
    )
    kpis |= _by_month(
        con,
        """
        select
            month_start,
            stable_share,
            at_risk_share,
            cold_share
        from marts.mart_segments_monthly
        where is_all_branches and is_all_tiers and month_start between ? and ?
        """,
        months,
    )
    kpis |= _by_month(
        con,
        """
        select
            month_start,
            sum(retained_customers) / nullif(sum(retention_base_customers), 0) as retention,
            sum(profit) / nullif(sum(value_customers), 0) as profit_per_customer,
            sum(profit) as profit
        from marts.mart_service_profit_chain
        where month_start between ? and ?
        group by month_start
        """,
        months,
    )
    return {code: kpis.get(code, {}) for code in KPI_CODES}


def _targets(con) -> dict[str, KpiTarget]:
    present = con.execute(
        "select count(*) from information_schema.tables "
        "where table_schema = 'reference' and table_name = 'kpi_targets'"
    ).fetchone()[0]
    if not present:
        return {}
    rows = con.execute(
        "select kpi_code, target, direction, amber_tolerance from reference.kpi_targets"
    ).fetchall()
    return {code: KpiTarget(float(t), str(d), float(a or 0)) for code, t, d, a in rows}


def _scorecard(kpis, targets, month: dt.date) -> Table:
    prior = add_months(month, -1)
    rows = []
    for code in KPI_CODES:
        actual = kpis[code].get(month)
        before = kpis[code].get(prior)
        target = targets.get(code)
        change = None if actual is None or before is None else actual - before
        rows.append(
            [
                code,
                actual,
                None if target is None else target.target,
                before,
                change,
                None if target is None else target.direction,
                rag_status(actual, target),
            ]
        )
    return Table(
        "section_scorecard",
        [
            Column("col_kpi", "text", "kpi"),
            Column("col_actual", "kpi"),
            Column("col_target", "kpi"),
            Column("col_prior", "kpi"),
            Column("col_change", "kpi_change"),
            Column("col_direction", "text", "direction"),
            Column("col_status", "status", "status"),
        ],
        rows,
    )


def _trends(kpis, months: list[dt.date]) -> Table:
    rows = [[month, *(kpis[code].get(month) for code in KPI_CODES)] for month in months]
    columns = [Column("col_month", "month")]
    columns += [Column(f"kpi_{code}", KPI_FORMATS[code]) for code in KPI_CODES]
    return Table("section_trends", columns, rows)


def _migration(con, month: dt.date) -> Table:
    counts = {
        (source, target): customers
        for source, target, customers in con.execute(
            """
            select from_segment, to_segment, customers
            from marts.mart_segment_migration
            where is_all_branches and month_start = ?
            """,
            [month],
        ).fetchall()
    }
    rows = []
    for source in SEGMENTS_FROM:
        cells = [int(counts.get((source, target), 0)) for target in SEGMENTS_TO]
        rows.append([source, *cells, sum(cells)])
    columns = [Column("col_from_segment", "text", "segment")]
    columns += [Column(f"segment_{target}", "int") for target in SEGMENTS_TO]
    columns.append(Column("col_total", "int"))
    return Table("section_migration", columns, rows)


def _complaints(con, month: dt.date) -> Table:
    rows = con.execute(
        """
        select
            category,
            sum(complaints) as complaints,
            sum(acknowledged_within_sla) / nullif(sum(acknowledge_sla_evaluated), 0),
            sum(resolved_within_sla) / nullif(sum(resolve_sla_evaluated), 0),
            sum(open_breaches),
            sum(regulator_or_media_escalations)
        from marts.mart_complaints_monthly
        where is_all_branches and received_month = ?
        group by category
        order by complaints desc, category
        """,
        [month],
    ).fetchall()
    return Table(
        "section_complaints",
        [
            Column("col_category", "text", "category"),
            Column("col_complaints", "int"),
            Column("col_ack_sla_share", "pct"),
            Column("col_resolve_sla_share", "pct"),
            Column("col_open_breaches", "int"),
            Column("col_escalations", "int"),
        ],
        [list(row) for row in rows],
    )


def _closed_loop(con, month: dt.date) -> Table:
    rows = con.execute(
        f"""
        select case_type, {", ".join(FUNNEL_STAGES)}, recovery_rate
        from marts.mart_closed_loop_monthly
        where is_all_branches and case_month = ?
        order by case case_type when 'ALL' then 0 else 1 end, case_type
        """,
        [month],
    ).fetchall()
    columns = [Column("col_case_type", "text", "case_type")]
    columns += [Column(f"col_{stage}", "int") for stage in FUNNEL_STAGES]
    columns.append(Column("kpi_recovery_rate", "pct"))
    return Table("section_closed_loop", columns, [list(row) for row in rows])


def _drivers(con, month: dt.date) -> tuple[Table, bool, tuple[float | None, float | None]]:
    rows = con.execute(
        """
        select
            dimension, importance, performance, gap, quadrant, responses, is_low_sample,
            importance_median, performance_median
        from marts.mart_servqual_drivers
        where period_type = 'month' and period_start = ?
        order by dimension
        """,
        [month],
    ).fetchall()
    table = Table(
        "section_drivers",
        [
            Column("col_dimension", "text", "dimension"),
            Column("col_importance", "num2"),
            Column("col_performance", "num2"),
            Column("col_gap", "num2"),
            Column("col_quadrant", "text", "quadrant"),
            Column("col_responses", "int"),
        ],
        [list(row[:6]) for row in rows],
    )
    medians = (rows[0][7], rows[0][8]) if rows else (None, None)
    return table, any(row[6] for row in rows), medians


def _chain(con, month: dt.date) -> Table:
    rows = con.execute(
        """
        select driver, outcome, lag_months, n, correlation, is_low_n
        from marts.mart_service_profit_chain_links
        where not is_pooled and month_start = ?
        order by chain_step, link_id, lag_months
        """,
        [month],
    ).fetchall()
    return Table(
        "section_chain",
        [
            Column("col_link", "link"),
            Column("col_lag", "int"),
            Column("col_n", "int"),
            Column("col_correlation", "num2"),
            Column("col_low_n", "bool"),
        ],
        [[(driver, outcome), lag, n, r, low] for driver, outcome, lag, n, r, low in rows],
    )


def _branches(con, month: dt.date) -> Table:
    rows = con.execute(
        """
        select
            row_number() over (order by chain.nps desc nulls last, chain.branch_id) as rank,
            chain.branch_id,
            branches.branch_name,
            branches.region,
            chain.nps,
            chain.csat_mean,
            chain.servqual_gap,
            chain.mystery_shop_score,
            chain.retention,
            chain.share_stable,
            chain.share_at_risk,
            chain.revenue,
            chain.profit
        from marts.mart_service_profit_chain as chain
        left join marts.dim_branches as branches on chain.branch_id = branches.branch_id
        where chain.month_start = ?
        order by rank
        """,
        [month],
    ).fetchall()
    return Table(
        "section_branches",
        [
            Column("col_rank", "int"),
            Column("col_branch_id", "text"),
            Column("col_branch_name", "text"),
            Column("col_region", "text"),
            Column("kpi_nps", "num1"),
            Column("kpi_csat_mean", "num2"),
            Column("kpi_servqual_gap", "num2"),
            Column("col_mystery_shop", "num1"),
            Column("kpi_retention", "pct"),
            Column("col_share_stable", "pct"),
            Column("col_share_at_risk", "pct"),
            Column("col_revenue", "money"),
            Column("col_profit", "money"),
        ],
        [list(row) for row in rows],
    )


def load_pack_data(con: duckdb.DuckDBPyConnection, month: dt.date) -> PackData:
    """Every table of the pack for `month` (a first-of-month date)."""
    available = con.execute(
        "select count(*) from marts.mart_satisfaction_monthly where response_month = ?", [month]
    ).fetchone()[0]
    if not available:
        raise PackError(f"the marts hold no data for {month:%Y-%m}")
    months = [add_months(month, offset) for offset in range(1 - TREND_MONTHS, 1)]
    kpis = _kpis(con, months)
    targets = _targets(con)
    published = con.execute(
        "select count(*) from information_schema.tables where table_name = '_publication'"
    ).fetchone()[0]
    published_at = (
        str(con.execute("select max(published_at_utc) from main._publication").fetchone()[0])
        if published
        else ""
    )
    drivers, drivers_low_sample, driver_medians = _drivers(con, month)
    return PackData(
        month=month,
        published_at=published_at,
        months=months,
        kpis=kpis,
        targets=targets,
        scorecard=_scorecard(kpis, targets, month),
        trends=_trends(kpis, months),
        migration=_migration(con, month),
        complaints=_complaints(con, month),
        closed_loop=_closed_loop(con, month),
        drivers=drivers,
        chain=_chain(con, month),
        branches=_branches(con, month),
        drivers_low_sample=drivers_low_sample,
        extras={"driver_medians": driver_medians},
    )
