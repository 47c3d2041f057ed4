-- day_type, is_working_day, the weekday and the holiday names agree on every row:
-- working days are workday or makeup_workday; weekend and makeup_workday fall on Saturday or
-- Sunday, workday on Monday to Friday; holiday names are set exactly on public holidays and
-- make-up working days. Returns the inconsistent rows.

with

business_calendar as (
    select * from {{ ref('business_calendar') }}
),

with_weekday as (
    select
        *,
        {{ iso_day_of_week('calendar_date') }} in (6, 7) as is_saturday_or_sunday,
        day_type in ('public_holiday', 'makeup_workday') as should_have_name
    from business_calendar
),

final as (
    select *
    from with_weekday
    where
        is_working_day != (day_type in ('workday', 'makeup_workday'))
        or (day_type in ('weekend', 'makeup_workday') and not is_saturday_or_sunday)
        or (day_type = 'workday' and is_saturday_or_sunday)
        or (should_have_name and (holiday_name_en is null or holiday_name_zh is null))
        or (not should_have_name and (holiday_name_en is not null or holiday_name_zh is not null))
)

select * from final
