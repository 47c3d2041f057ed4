-- Each year that follows the State Council's holiday notice has a plausible number of working
-- days for mainland China (usually 246 to 251) and is complete (365 or 366 rows, all official).
-- Returns one row per failing year.

with

business_calendar as (
    select * from {{ ref('business_calendar') }}
),

years as (
    select
        cast(extract(year from calendar_date) as integer) as calendar_year,
        count(*) as day_count,
        sum(case when is_working_day then 1 else 0 end) as working_day_count,
        sum(case when is_official_schedule then 1 else 0 end) as official_day_count
    from business_calendar
    group by 1
),

final as (
    select *
    from years
    where
        official_day_count > 0
        and (
            working_day_count not between 246 and 251
            or official_day_count != day_count
            or day_count not in (365, 366)
        )
)

select * from final
