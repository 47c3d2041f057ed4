with

business_calendar as (
    select * from {{ ref('business_calendar') }}
),

calendar_days as (
    select
        cast(calendar_date as date) as date_day,
        is_working_day,
        day_type,
        holiday_name_en,
        holiday_name_zh,
        is_official_schedule
    from business_calendar
),

date_parts as (
    select
        date_day,
        cast(extract(year from date_day) as integer) as year,
        cast(extract(quarter from date_day) as integer) as quarter,
        cast(extract(month from date_day) as integer) as month_of_year,
        cast({{ dbt.date_trunc('month', 'date_day') }} as date) as month_start_date,
        cast({{ dbt.last_day('date_day', 'month') }} as date) as month_end_date,
        {{ iso_week_of_year('date_day') }} as iso_week,
        {{ iso_day_of_week('date_day') }} as day_of_week,
        is_working_day,
        day_type,
        holiday_name_en,
        holiday_name_zh,
        is_official_schedule
    from calendar_days
),

final as (
    select
        date_day,
        year,
        quarter,
        month_of_year,
        month_start_date,
        month_end_date,
        {{ dbt.concat([
            "cast(year as " ~ dbt.type_string() ~ ")",
            "'-'",
            "lpad(cast(month_of_year as " ~ dbt.type_string() ~ "), 2, '0')",
        ]) }} as year_month,
        iso_week,
        day_of_week,
        day_of_week in (6, 7) as is_weekend,
        is_working_day,
        day_type,
        holiday_name_en,
        holiday_name_zh,
        date_day = month_end_date as is_month_end,
        is_official_schedule
    from date_parts
)

select * from final
