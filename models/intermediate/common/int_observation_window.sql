-- One row: the date the warehouse is observed through. Callback SLAs, 90-day retention and
-- loyalty month ends are judged only up to this date: the as-of date (var as_of_date, else the
-- build date) or, when the landed data ends earlier, the last date with any event in it, so a
-- case near the end of the data is "not yet due" rather than "missed".
with

transactions as (
    select * from {{ ref('stg_transactions__transactions') }}
),

responses as (
    select * from {{ ref('stg_survey_responses__responses') }}
),

complaints as (
    select * from {{ ref('stg_complaints__complaints') }}
),

callbacks as (
    select * from {{ ref('stg_callbacks__callbacks') }}
),

last_event_dates as (
    select max(cast(occurred_at as date)) as last_event_on from transactions
    union all
    select max(cast(responded_at as date)) as last_event_on from responses
    union all
    select max(cast(received_at as date)) as last_event_on from complaints
    union all
    select max(cast(attempted_at as date)) as last_event_on from callbacks
),

data_end as (
    select max(last_event_on) as data_end_on
    from last_event_dates
),

observation as (
    select
        {{ as_of_date() }} as as_of_date,
        data_end_on,
        case
            when data_end_on is null then {{ as_of_date() }}
            when data_end_on < {{ as_of_date() }} then data_end_on
            else {{ as_of_date() }}
        end as observed_through_on
    from data_end
),

final as (
    select
        as_of_date,
        data_end_on,
        observed_through_on,
        {{ dbt.dateadd(
            'day', 1, 'cast(observed_through_on as ' ~ dbt.type_timestamp() ~ ')'
        ) }} as observed_until_at
    from observation
)

select * from final
