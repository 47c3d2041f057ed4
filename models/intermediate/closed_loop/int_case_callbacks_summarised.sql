-- One row per closed-loop case (a complaint or a survey response) with at least one
-- follow-up callback: the first attempt, the number of attempts, and whether any attempt
-- reached or recovered the customer. Counted attempts are those linked to the case
-- (int_callbacks_classified.case_type / case_id), attempted at or after the case was opened
-- (earlier attempts are data errors) and by the end of the observation date.
with

callbacks as (
    select * from {{ ref('int_callbacks_classified') }}
),

complaints as (
    select * from {{ ref('stg_complaints__complaints') }}
),

responses as (
    select * from {{ ref('stg_survey_responses__responses') }}
),

observation as (
    select * from {{ ref('int_observation_window') }}
),

case_openings as (
    select
        'complaint' as case_type,
        complaint_id as case_id,
        received_at as opened_at
    from complaints
    union all
    select
        'detractor_response' as case_type,
        response_id as case_id,
        responded_at as opened_at
    from responses
),

case_callbacks as (
    select
        callbacks.case_type,
        callbacks.case_id,
        callbacks.callback_id,
        callbacks.attempted_at,
        callbacks.employee_id,
        callbacks.is_reached,
        callbacks.is_recovered,
        row_number() over (
            partition by callbacks.case_type, callbacks.case_id
            order by callbacks.attempted_at, callbacks.callback_id
        ) as attempt_number
    from callbacks
    inner join case_openings
        on
            callbacks.case_type = case_openings.case_type
            and callbacks.case_id = case_openings.case_id
            and callbacks.attempted_at >= case_openings.opened_at
    cross join observation
    where callbacks.attempted_at < observation.observed_until_at
),

attempt_summary as (
    select
        case_type,
        case_id,
        count(*) as callback_attempts,
        max(case when is_reached then 1 else 0 end) = 1 as is_callback_reached,
        max(case when is_recovered then 1 else 0 end) = 1 as is_recovered
    from case_callbacks
    group by case_type, case_id
),

first_attempts as (
    select
        case_type,
        case_id,
        callback_id as first_callback_id,
        attempted_at as first_callback_at,
        employee_id as first_callback_employee_id
    from case_callbacks
    where attempt_number = 1
),

final as (
    select
        first_attempts.case_type,
        first_attempts.case_id,
        first_attempts.first_callback_id,
        first_attempts.first_callback_at,
        first_attempts.first_callback_employee_id,
        attempt_summary.callback_attempts,
        attempt_summary.is_callback_reached,
        attempt_summary.is_recovered
    from first_attempts
    inner join attempt_summary
        on
            first_attempts.case_type = attempt_summary.case_type
            and first_attempts.case_id = attempt_summary.case_id
)

select * from final
