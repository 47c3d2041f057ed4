-- One row per branch hours profile and calendar date: the day's opening interval and the
-- business seconds accumulated before the day, for O(1) business-time arithmetic
-- (macros/complaints/business_hours.sql).
with

dates as (
    select * from {{ ref('dim_date') }}
),

opening_hours as (
    select * from {{ ref('branch_opening_hours') }}
),

profiles as (
    select distinct branch_id as branch_profile_id
    from opening_hours
),

default_hours as (
    select
        day_type,
        opens_at,
        closes_at
    from opening_hours
    where branch_id = '*'
),

profile_days as (
    select
        profiles.branch_profile_id,
        dates.date_day,
        dates.day_type,
        dates.is_working_day
    from profiles
    cross join dates
),

-- a branch's own row for the day type wins; otherwise the default row for the day type
resolved_hours as (
    select
        profile_days.branch_profile_id,
        profile_days.date_day,
        profile_days.day_type,
        profile_days.is_working_day,
        case
            when own_hours.branch_id is not null then own_hours.opens_at
            else default_hours.opens_at
        end as opens_at,
        case
            when own_hours.branch_id is not null then own_hours.closes_at
            else default_hours.closes_at
        end as closes_at
    from profile_days
    left join opening_hours as own_hours
        on
            profile_days.branch_profile_id = own_hours.branch_id
            and profile_days.day_type = own_hours.day_type
    left join default_hours
        on profile_days.day_type = default_hours.day_type
),

interval_seconds as (
    select
        branch_profile_id,
        date_day,
        day_type,
        is_working_day,
        opens_at,
        closes_at,
        cast({{ seconds_since_midnight('opens_at') }} as {{ dbt.type_int() }}) as opens_at_second,
        cast({{ seconds_since_midnight('closes_at') }} as {{ dbt.type_int() }}) as closes_at_second
    from resolved_hours
),

open_seconds as (
    select
        branch_profile_id,
        date_day,
        day_type,
        is_working_day,
        opens_at,
        closes_at,
        opens_at_second,
        closes_at_second,
        coalesce(closes_at_second - opens_at_second, 0) as open_seconds
    from interval_seconds
),

final as (
    select
        branch_profile_id,
        date_day,
        day_type,
        is_working_day,
        opens_at,
        closes_at,
        opens_at_second,
        closes_at_second,
        open_seconds > 0 as is_open,
        open_seconds,
        cast(coalesce(sum(open_seconds) over (
            partition by branch_profile_id
            order by date_day
            rows between unbounded preceding and 1 preceding
        ), 0) as {{ dbt.type_bigint() }}) as cumulative_open_seconds_before
    from open_seconds
)

select * from final
