-- Every calendar date between the first and the last date of business_calendar appears
-- exactly once (no gaps, no duplicates). Returns a row when the check fails.

with

business_calendar as (
    select * from {{ ref('business_calendar') }}
),

date_range as (
    select
        count(*) as row_count,
        count(distinct calendar_date) as distinct_dates,
        min(calendar_date) as first_date,
        max(calendar_date) as last_date
    from business_calendar
),

summary as (
    select
        row_count,
        distinct_dates,
        {{ dbt.datediff('first_date', 'last_date', 'day') }} + 1 as expected_dates  -- noqa: LT05
    from date_range
),

final as (
    select *
    from summary
    where
        row_count != expected_dates
        or distinct_dates != expected_dates
)

select * from final
