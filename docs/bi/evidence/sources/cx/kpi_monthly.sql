-- All-branches headline KPIs per month: NPS, CSAT, complaint SLA compliance.
with satisfaction as (
    select response_month as month_start, nps, nps_responses, csat_mean, is_low_sample
    from marts.mart_satisfaction_monthly
    where is_all_branches and is_all_channels and is_all_tiers
),

complaints as (
    select
        received_month as month_start,
        sum(complaints) as complaints,
        sum(resolved_within_sla) / nullif(sum(resolve_sla_evaluated), 0)
            as resolved_within_sla_share
    from marts.mart_complaints_monthly
    where is_all_branches
    group by received_month
)

select
    satisfaction.month_start,
    satisfaction.nps,
    satisfaction.nps_responses,
    satisfaction.csat_mean,
    satisfaction.is_low_sample,
    complaints.complaints,
    complaints.resolved_within_sla_share
from satisfaction
left join complaints on complaints.month_start = satisfaction.month_start
order by satisfaction.month_start
