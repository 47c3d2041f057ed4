-- One row per complaint: business time from received_at to acknowledged_at and the
-- acknowledgement deadline, in the business hours of the complaint's branch (or the default
-- hours). O(1) per complaint: cum(t) lookups on int_business_hours_daily, see
-- macros/complaints/business_hours.sql.
with

complaints as (
    select * from {{ ref('int_complaints_sla_targets') }}
),

business_days as (
    select * from {{ ref('int_business_hours_daily') }}
),

profiles as (
    select distinct branch_profile_id
    from business_days
),

-- a branch with rows of its own in branch_opening_hours has its own profile; others use '*'
complaint_profiles as (
    select
        complaints.complaint_id,
        complaints.received_at,
        complaints.acknowledged_at,
        complaints.acknowledge_due_hours,
        coalesce(profiles.branch_profile_id, '*') as branch_profile_id
    from complaints
    left join profiles
        on complaints.branch_id = profiles.branch_profile_id
),

business_seconds as (
    select
        complaint_profiles.complaint_id,
        complaint_profiles.branch_profile_id,
        complaint_profiles.received_at,
        complaint_profiles.acknowledged_at,
        complaint_profiles.acknowledge_due_hours,
        {{ business_seconds_at('complaint_profiles.received_at', 'received_day') }}
            as received_business_second,
        {{ business_seconds_at('complaint_profiles.acknowledged_at', 'acknowledged_day') }}
            as acknowledged_business_second
    from complaint_profiles
    left join business_days as received_day
        on
            complaint_profiles.branch_profile_id = received_day.branch_profile_id
            and cast(complaint_profiles.received_at as date) = received_day.date_day
    left join business_days as acknowledged_day
        on
            complaint_profiles.branch_profile_id = acknowledged_day.branch_profile_id
            and cast(complaint_profiles.acknowledged_at as date) = acknowledged_day.date_day
),

acknowledge_targets as (
    select
        complaint_id,
        branch_profile_id,
        received_at,
        acknowledged_at,
        acknowledge_due_hours,
        received_business_second,
        acknowledged_business_second,
        received_business_second + acknowledge_due_hours * 3600 as acknowledge_due_business_second
    from business_seconds
),

-- the open day whose interval holds the due business second (exactly one, or none when the
-- calendar ends first)
acknowledge_deadlines as (
    select
        acknowledge_targets.complaint_id,
        {{ business_second_to_timestamp(
            'acknowledge_targets.acknowledge_due_business_second', 'deadline_day'
        ) }} as acknowledge_deadline_at
    from acknowledge_targets
    inner join business_days as deadline_day
        on
            acknowledge_targets.branch_profile_id = deadline_day.branch_profile_id
            and cast(acknowledge_targets.received_at as date) <= deadline_day.date_day
            and acknowledge_targets.acknowledge_due_business_second
            > deadline_day.cumulative_open_seconds_before
            and acknowledge_targets.acknowledge_due_business_second
            <= deadline_day.cumulative_open_seconds_before + deadline_day.open_seconds
            and deadline_day.open_seconds > 0
),

final as (
    select
        acknowledge_targets.complaint_id,
        acknowledge_targets.branch_profile_id,
        acknowledge_targets.received_business_second,
        acknowledge_targets.acknowledged_business_second,
        cast(
            {{ business_seconds_diff(
                'acknowledge_targets.received_business_second',
                'acknowledge_targets.acknowledged_business_second'
            ) }} / 3600.0 as {{ dbt.type_numeric() }}
        ) as hours_to_acknowledge_business,
        acknowledge_deadlines.acknowledge_deadline_at
    from acknowledge_targets
    left join acknowledge_deadlines
        on acknowledge_targets.complaint_id = acknowledge_deadlines.complaint_id
)

select * from final
