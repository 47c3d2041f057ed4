-- One row per callback attempt (every reason), linked to the closed-loop case it follows up
-- (int_closed_loop_cases) where there is one: attempt number within the case, timing
-- against the case's callback SLA, reach and recovery.
with

callbacks as (
    select * from {{ ref('int_callbacks_classified') }}
),

cases as (
    select * from {{ ref('int_closed_loop_cases') }}
),

customers as (
    select * from {{ ref('dim_customers') }}
),

callbacks_ranked as (
    select
        *,
        row_number() over (
            partition by case_type, case_id
            order by attempted_at, callback_id
        ) as case_attempt_rank
    from callbacks
),

final as (
    select
        callbacks_ranked.callback_id,
        callbacks_ranked.customer_id,
        callbacks_ranked.reason,
        callbacks_ranked.case_type,
        callbacks_ranked.case_id,
        cases.case_id is not null as is_case_matched,
        case
            -- row_number() is an int on Spark, a bigint elsewhere
            when callbacks_ranked.case_id is not null
                then cast(callbacks_ranked.case_attempt_rank as {{ dbt.type_bigint() }})
        end as attempt_number,
        coalesce(callbacks_ranked.callback_id = cases.first_callback_id, false)
            as is_first_attempt,
        coalesce(cases.branch_id, customers.home_branch_id) as branch_id,
        case
            when cases.branch_id is not null then 'case'
            when customers.home_branch_id is not null then 'customer_home_branch'
        end as branch_source,
        callbacks_ranked.employee_id,
        callbacks_ranked.scheduled_at,
        callbacks_ranked.attempted_at,
        cast(callbacks_ranked.attempted_at as date) as attempted_on,
        cast({{ dbt.date_trunc('month', 'callbacks_ranked.attempted_at') }} as date)
            as attempted_month,
        cases.triggered_at,
        cases.callback_due_at,
        {{ hours_between('cases.triggered_at', 'callbacks_ranked.attempted_at') }}
            as hours_from_trigger,
        case
            when cases.callback_due_at is not null
                then callbacks_ranked.attempted_at <= cases.callback_due_at
        end as is_within_sla,
        callbacks_ranked.outcome,
        callbacks_ranked.is_reached,
        callbacks_ranked.resolution_satisfied,
        callbacks_ranked.score,
        callbacks_ranked.is_recovered
    from callbacks_ranked
    left join cases
        on
            callbacks_ranked.case_type = cases.case_type
            and callbacks_ranked.case_id = cases.case_id
    left join customers
        on callbacks_ranked.customer_id = customers.customer_id
)

select * from final
