-- One row per complaint (SPEC section 2 complaint SLA): business-hour acknowledgement, calendar
-- resolution, SLA deadlines and outcomes as of as_of_date(), escalation, repeat complaints and
-- the linked follow-up callback.
with

complaints as (
    select * from {{ ref('int_complaints_sla_targets') }}
),

business_hours as (
    select * from {{ ref('int_complaints_business_hours') }}
),

repeats as (
    select * from {{ ref('int_complaints_repeat') }}
),

callbacks as (
    select * from {{ ref('int_case_callbacks_summarised') }}
    where case_type = 'complaint'
),

joined as (
    select
        complaints.complaint_id,
        complaints.customer_id,
        complaints.branch_id,
        business_hours.branch_profile_id,
        complaints.received_at,
        complaints.received_via,
        complaints.category,
        complaints.severity,
        complaints.escalation_level,
        complaints.outcome,
        complaints.compensation_amount,
        complaints.acknowledged_at,
        complaints.resolved_at,
        complaints.has_sla_policy,
        complaints.acknowledge_due_hours,
        complaints.resolve_due_days,
        business_hours.hours_to_acknowledge_business,
        business_hours.acknowledge_deadline_at,
        {{ dbt.dateadd('day', 'complaints.resolve_due_days', 'complaints.received_at') }}
            as resolve_deadline_at,
        repeats.previous_complaint_id,
        repeats.is_repeat_complaint,
        callbacks.first_callback_id,
        callbacks.first_callback_at,
        coalesce(callbacks.callback_attempts, 0) as callback_attempts,
        callbacks.is_callback_reached,
        callbacks.is_recovered,
        {{ as_of_date() }} as as_of_date
    from complaints
    left join business_hours
        on complaints.complaint_id = business_hours.complaint_id
    left join repeats
        on complaints.complaint_id = repeats.complaint_id
    left join callbacks
        on complaints.complaint_id = callbacks.case_id
),

final as (
    select
        complaint_id,
        customer_id,
        branch_id,
        branch_profile_id,
        received_at,
        cast(received_at as date) as received_on,
        cast({{ dbt.date_trunc('month', 'received_at') }} as date) as received_month,
        received_via,
        category,
        severity,
        cast(escalation_level as {{ dbt.type_int() }}) as escalation_level,
        {{ complaint_is_escalated_to_regulator_or_media('escalation_level', 'received_via') }}
            as is_escalated_to_regulator_or_media,
        outcome,
        compensation_amount,
        has_sla_policy,
        acknowledged_at,
        acknowledged_at is not null as is_acknowledged,
        hours_to_acknowledge_business,
        acknowledge_due_hours,
        acknowledge_deadline_at,
        {{ complaint_is_acknowledged_within_sla(
            'acknowledged_at',
            'hours_to_acknowledge_business',
            'acknowledge_due_hours',
            'acknowledge_deadline_at',
            'as_of_date'
        ) }} as is_acknowledged_within_sla,
        resolved_at,
        resolved_at is not null as is_resolved,
        {{ elapsed_days('received_at', 'resolved_at') }} as days_to_resolve,
        resolve_due_days,
        resolve_deadline_at,
        {{ complaint_is_resolved_within_sla(
            'received_at', 'resolved_at', 'resolve_deadline_at', 'as_of_date'
        ) }} as is_resolved_within_sla,
        {{ complaint_is_resolve_sla_breached(
            'received_at', 'resolved_at', 'resolve_deadline_at', 'as_of_date'
        ) }} as is_resolve_sla_breached,
        {{ complaint_is_open_as_of('received_at', 'resolved_at', 'as_of_date') }}
            as is_open_as_of,
        {{ complaint_is_open_breach(
            'received_at', 'resolved_at', 'resolve_deadline_at', 'as_of_date'
        ) }} as is_open_breach,
        previous_complaint_id,
        is_repeat_complaint,
        first_callback_id,
        first_callback_at,
        callback_attempts,
        is_callback_reached,
        is_recovered,
        as_of_date
    from joined
)

select * from final
