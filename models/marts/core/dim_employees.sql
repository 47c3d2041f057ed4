with

employees as (
    select * from {{ ref('stg_employees__employees') }}
),

tenure as (
    select
        *,
        -- tenure runs to the leaving date, or to today while employed
        coalesce(left_on, current_date) as tenure_end_on
    from employees
),

final as (
    select
        employee_id,
        branch_id,
        role,
        hired_on,
        left_on,
        left_on is null or left_on > current_date as is_active,
        cast(
            {{ dbt.datediff('hired_on', 'tenure_end_on', 'day') }}
            as integer
        ) as tenure_days,
        cast(
            {{ dbt.datediff('hired_on', 'tenure_end_on', 'month') }}
            as integer
        ) as tenure_months
    from tenure
)

select * from final
