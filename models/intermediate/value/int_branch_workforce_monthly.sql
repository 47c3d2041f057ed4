-- Workforce and internal service per branch per month (the first links of the service-profit
-- chain): headcount on the first day of the month, leavers during the month, employee
-- turnover = leavers / headcount at start, and the month's means of the employee pulse
-- (internal service quality, employee satisfaction) and of mystery-shop scores.
-- Months: every month with a balance snapshot (the bank's reporting months); branches: every
-- branch in dim_branches.
with

branches as (
    select * from {{ ref('dim_branches') }}
),

employees as (
    select * from {{ ref('dim_employees') }}
),

balances as (
    select * from {{ ref('stg_balances__balances') }}
),

responses as (
    select * from {{ ref('fct_survey_responses') }}
    where instrument in ('employee_pulse', 'mystery_shop')
),

months as (
    select distinct
        month as month_start,
        cast({{ dbt.last_day('month', 'month') }} as date) as month_end_date
    from balances
),

branch_months as (
    select
        branches.branch_id,
        months.month_start,
        months.month_end_date
    from branches
    cross join months
),

-- employed on the first day: hired by then and not left before it
headcount as (
    select
        branch_months.branch_id,
        branch_months.month_start,
        {{ count_where(
            'employees.hired_on <= branch_months.month_start'
            ~ ' and (employees.left_on is null'
            ~ ' or employees.left_on >= branch_months.month_start)'
        ) }} as headcount_start,
        {{ count_where(
            'employees.left_on >= branch_months.month_start'
            ~ ' and employees.left_on <= branch_months.month_end_date'
        ) }} as leavers,
        {{ count_where(
            'employees.hired_on >= branch_months.month_start'
            ~ ' and employees.hired_on <= branch_months.month_end_date'
        ) }} as hires
    from branch_months
    inner join employees
        on branch_months.branch_id = employees.branch_id
    group by branch_months.branch_id, branch_months.month_start
),

survey_means as (
    select
        branch_id,
        response_month as month_start,
        {{ count_where("instrument = 'employee_pulse'") }} as pulse_responses,
        avg(case when instrument = 'employee_pulse' then isq_score end)
            as internal_service_quality,
        avg(case when instrument = 'employee_pulse' then esat_score end)
            as employee_satisfaction,
        avg(case when instrument = 'employee_pulse' then intent_to_stay_score end)
            as intent_to_stay,
        {{ count_where("instrument = 'mystery_shop' and mystery_shop_score is not null") }}
            as mystery_shop_visits,
        avg(case when instrument = 'mystery_shop' then mystery_shop_score end)
            as mystery_shop_score
    from responses
    where branch_id is not null
    group by branch_id, response_month
),

final as (
    select
        branch_months.branch_id,
        branch_months.month_start,
        coalesce(headcount.headcount_start, 0) as headcount_start,
        coalesce(headcount.hires, 0) as hires,
        coalesce(headcount.leavers, 0) as leavers,
        {{ safe_ratio('coalesce(headcount.leavers, 0)', 'headcount.headcount_start') }}
            as employee_turnover,
        coalesce(survey_means.pulse_responses, 0) as pulse_responses,
        cast(survey_means.internal_service_quality as {{ type_double() }})
            as internal_service_quality,
        cast(survey_means.employee_satisfaction as {{ type_double() }})
            as employee_satisfaction,
        cast(survey_means.intent_to_stay as {{ type_double() }}) as intent_to_stay,
        coalesce(survey_means.mystery_shop_visits, 0) as mystery_shop_visits,
        cast(survey_means.mystery_shop_score as {{ type_double() }}) as mystery_shop_score
    from branch_months
    left join headcount
        on
            branch_months.branch_id = headcount.branch_id
            and branch_months.month_start = headcount.month_start
    left join survey_means
        on
            branch_months.branch_id = survey_means.branch_id
            and branch_months.month_start = survey_means.month_start
)

select * from final
