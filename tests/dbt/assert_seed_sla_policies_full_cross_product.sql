-- sla_policies holds exactly one row for every severity x received_via pair (4 x 7), with
-- positive targets and resolution no later than the 15-day regulatory limit.
-- Returns the missing, duplicated or out-of-range pairs.

with

sla_policies as (
    select * from {{ ref('sla_policies') }}
),

severities as (
    select severity_values.severity
    from (values ('low'), ('medium'), ('high'), ('critical')) as severity_values (severity)
),

channels as (
    select channel_values.received_via
    from (
        values
        ('branch'), ('phone'), ('online'), ('letter'), ('regulator'), ('media'), ('social')
    ) as channel_values (received_via)
),

expected_pairs as (
    select
        severities.severity,
        channels.received_via
    from severities
    cross join channels
),

policy_counts as (
    select
        severity,
        received_via,
        count(*) as policy_count,
        min(acknowledge_within_business_hours) as min_acknowledge_hours,
        min(resolve_within_calendar_days) as min_resolve_days,
        max(resolve_within_calendar_days) as max_resolve_days
    from sla_policies
    group by 1, 2
),

final as (
    select
        expected_pairs.severity,
        expected_pairs.received_via,
        policy_counts.policy_count
    from expected_pairs
    left join policy_counts
        on
            expected_pairs.severity = policy_counts.severity
            and expected_pairs.received_via = policy_counts.received_via
    where
        policy_counts.policy_count is null
        or policy_counts.policy_count != 1
        or policy_counts.min_acknowledge_hours <= 0
        or policy_counts.min_resolve_days <= 0
        or policy_counts.max_resolve_days > 15
)

select * from final
