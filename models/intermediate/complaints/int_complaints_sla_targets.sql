-- One row per staged complaint with its SLA targets from sla_policies (by severity and
-- received_via); the resolution target falls back to var default_resolve_within_days.
with

complaints as (
    select * from {{ ref('stg_complaints__complaints') }}
),

sla_policies as (
    select * from {{ ref('sla_policies') }}
),

final as (
    select
        complaints.complaint_id,
        complaints.customer_id,
        complaints.branch_id,
        complaints.received_at,
        complaints.received_via,
        complaints.category,
        complaints.severity,
        complaints.acknowledged_at,
        complaints.resolved_at,
        complaints.escalation_level,
        complaints.outcome,
        complaints.compensation_amount,
        sla_policies.severity is not null as has_sla_policy,
        cast(
            sla_policies.acknowledge_within_business_hours as {{ dbt.type_int() }}
        ) as acknowledge_due_hours,
        cast(coalesce(
            sla_policies.resolve_within_calendar_days,
            {{ var('default_resolve_within_days') }}
        ) as {{ dbt.type_int() }}) as resolve_due_days
    from complaints
    left join sla_policies
        on
            complaints.severity = sla_policies.severity
            and complaints.received_via = sla_policies.received_via
)

select * from final
