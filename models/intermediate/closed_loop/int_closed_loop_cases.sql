with

responses as (
    select * from {{ ref('fct_survey_responses') }}
),

complaints as (
    select * from {{ ref('fct_complaints') }}
),

case_callbacks as (
    select * from {{ ref('int_case_callbacks_summarised') }}
),

customers as (
    select * from {{ ref('dim_customers') }}
),

observation as (
    select * from {{ ref('int_observation_window') }}
),

detractor_cases as (
    select
        'detractor_response' as case_type,
        response_id as case_id,
        customer_id,
        branch_id,
        responded_at as opened_at,
        responded_at as triggered_at
    from responses
    where is_customer_instrument and is_detractor
),

complaint_cases as (
    select
        'complaint' as case_type,
        complaint_id as case_id,
        customer_id,
        branch_id,
        received_at as opened_at,
        resolved_at as triggered_at
    from complaints
),

cases as (
    select * from detractor_cases
    union all
    select * from complaint_cases
),

cases_timed as (
    select
        cases.case_type,
        cases.case_id,
        cases.customer_id,
        coalesce(cases.branch_id, customers.home_branch_id) as branch_id,
        case
            when cases.branch_id is not null then 'case'
            when customers.home_branch_id is not null then 'customer_home_branch'
        end as branch_source,
        customers.tier as customer_tier,
        customers.customer_id is not null as is_known_customer,
        customers.closed_on as customer_closed_on,
        cases.opened_at,
        cases.triggered_at,
        cast(cases.triggered_at as date) as triggered_on,
        cast({{ dbt.date_trunc('month', 'coalesce(cases.triggered_at, cases.opened_at)') }} as date)
            as case_month,
        {{ dbt.dateadd('hour', var('callback_sla_hours', 48), 'cases.triggered_at') }}
            as callback_due_at,
        cast(
            {{ dbt.dateadd(
                'day', var('retention_window_days', 90), 'cast(cases.triggered_at as date)'
            ) }} as date
        ) as retention_window_end_on,
        observation.as_of_date,
        observation.observed_through_on,
        observation.observed_until_at
    from cases
    cross join observation
    left join customers
        on cases.customer_id = customers.customer_id
),

final as (
    select
        cases_timed.case_type,
        cases_timed.case_id,
        cases_timed.customer_id,
        cases_timed.branch_id,
        cases_timed.branch_source,
        cases_timed.customer_tier,
        cases_timed.opened_at,
        cases_timed.triggered_at,
        cases_timed.triggered_on,
        cases_timed.case_month,
        cases_timed.callback_due_at,
        cases_timed.triggered_at is not null as is_triggered,
        coalesce(cases_timed.callback_due_at < cases_timed.observed_until_at, false) as is_due,
        case
            when cases_timed.triggered_at is null then 'awaiting_resolution'
            when case_callbacks.first_callback_at <= cases_timed.callback_due_at then 'within_sla'
            when case_callbacks.first_callback_at is not null then 'late'
            when cases_timed.callback_due_at < cases_timed.observed_until_at then 'missed'
            else 'not_yet_due'
        end as callback_status,
        case_callbacks.first_callback_id,
        case_callbacks.first_callback_at,
        case_callbacks.first_callback_employee_id,
        {{ hours_between('cases_timed.triggered_at', 'case_callbacks.first_callback_at') }}
            as hours_to_first_callback,
        coalesce(case_callbacks.callback_attempts, 0) as callback_attempts,
        case_callbacks.first_callback_id is not null as was_called_back,
        case
            when cases_timed.triggered_at is null then null
            when case_callbacks.first_callback_at <= cases_timed.callback_due_at then true
            when case_callbacks.first_callback_at is not null then false
            when cases_timed.callback_due_at < cases_timed.observed_until_at then false
        end as is_called_back_within_sla,
        coalesce(case_callbacks.is_callback_reached, false) as is_reached,
        coalesce(case_callbacks.is_recovered, false) as is_recovered,
        cases_timed.retention_window_end_on,
        coalesce(
            cases_timed.retention_window_end_on <= cases_timed.observed_through_on, false
        ) as is_retention_window_elapsed,
        cases_timed.customer_closed_on,
        case
            when not cases_timed.is_known_customer then null
            when cases_timed.retention_window_end_on is null then null
            when cases_timed.retention_window_end_on > cases_timed.observed_through_on then null
            when cases_timed.customer_closed_on <= cases_timed.retention_window_end_on then false
            else true
        end as is_retained_90d,
        cases_timed.as_of_date,
        cases_timed.observed_through_on
    from cases_timed
    left join case_callbacks
        on
            cases_timed.case_type = case_callbacks.case_type
            and cases_timed.case_id = case_callbacks.case_id
)

select * from final
