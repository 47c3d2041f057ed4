-- Customer retention per home branch per month (SPEC section 2, service-profit chain): the
-- customers open and active at the previous month end (by their home branch then), and how
-- many of them are still open and active at this month end. Incremental like the loyalty
-- models: a run rebuilds the new months and every month from the earliest one holding an
-- activity row written since its last build (`tracked`, macro incremental_month_filter; a
-- month reads the activity of the month before it), and replaces those months whole;
-- --full-refresh rebuilds every month with the same SQL.
{{
    config(
        materialized='incremental',
        on_schema_change='fail',
        **partition_replace_config('month_start')
    )
}}
{%- set tracked = tracked_inputs([['int_customer_activity_monthly', 'month_end_date']]) %}
{%- set next_month = "cast(" ~ dbt.dateadd('month', 1, 'previous_month.month_start')
    ~ " as date)" %}
with

-- the month ends each built month is retained from (the month before it)
previous_month as (
    select
        customer_id,
        home_branch_id,
        month_start
    from {{ ref('int_customer_activity_monthly') }}
    where
        is_active
        and {{ incremental_month_filter(
            'month_start', 'month_start', lookback_months=1, changed_inputs=tracked
        ) }}
),

this_month as (
    select
        customer_id,
        month_start,
        is_active
    from {{ ref('int_customer_activity_monthly') }}
    where {{ incremental_month_filter('month_start', 'month_start', changed_inputs=tracked) }}
),

final as (
    select
        previous_month.home_branch_id as branch_id,
        {{ next_month }} as month_start,
        {{ count_where('true') }} as retention_base_customers,
        {{ count_where('this_month.is_active') }} as retained_customers,
        {{ invocation_id_column() }},
        {{ written_at_column() }}
    from previous_month
    left join this_month
        on
            previous_month.customer_id = this_month.customer_id
            and this_month.month_start = {{ next_month }}
    group by previous_month.home_branch_id, {{ next_month }}
)

select * from final
