-- Superset virtual dataset "branch_month_kpis": one row per branch and month, plus an 'ALL'
-- row per month, with the KPIs of the management pack.
with branch_rows as (
    select
        chain.month_start,
        chain.branch_id,
        branches.branch_name,
        branches.region,
        chain.nps,
        chain.csat_mean,
        chain.servqual_gap,
        chain.retention,
        chain.share_stable,
        chain.share_at_risk,
        chain.share_cold,
        chain.revenue,
        chain.profit
    from marts.mart_service_profit_chain as chain
    left join marts.dim_branches as branches on branches.branch_id = chain.branch_id
),

complaints as (
    select
        received_month as month_start,
        branch_id,
        sum(complaints) as complaints,
        sum(resolved_within_sla) / nullif(sum(resolve_sla_evaluated), 0)
            as resolved_within_sla_share
    from marts.mart_complaints_monthly
    group by received_month, branch_id
),

all_rows as (
    select
        satisfaction.response_month as month_start,
        'ALL' as branch_id,
        'All branches' as branch_name,
        'ALL' as region,
        satisfaction.nps,
        satisfaction.csat_mean,
        satisfaction.servqual_gap,
        chain.retention,
        segments.stable_share as share_stable,
        segments.at_risk_share as share_at_risk,
        segments.cold_share as share_cold,
        chain.revenue,
        chain.profit
    from marts.mart_satisfaction_monthly as satisfaction
    left join (
        select
            month_start,
            sum(retained_customers) / nullif(sum(retention_base_customers), 0) as retention,
            sum(revenue) as revenue,
            sum(profit) as profit
        from marts.mart_service_profit_chain
        group by month_start
    ) as chain on chain.month_start = satisfaction.response_month
    left join marts.mart_segments_monthly as segments
        on segments.month_start = satisfaction.response_month
        and segments.is_all_branches
        and segments.is_all_tiers
    where satisfaction.is_all_branches
      and satisfaction.is_all_channels
      and satisfaction.is_all_tiers
)

select
    kpis.*,
    complaints.complaints,
    complaints.resolved_within_sla_share
from (
    select * from branch_rows
    union all
    select * from all_rows
) as kpis
left join complaints
    on complaints.month_start = kpis.month_start
    and complaints.branch_id = kpis.branch_id
order by kpis.month_start, kpis.branch_id
