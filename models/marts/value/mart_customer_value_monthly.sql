-- Customer value per customer per month: the month's revenue, cost to serve and profit
-- (int_customer_value_monthly), the trailing 12-month profit (this month and the 11 before
-- it, over the months the customer has rows in), the value tier within the month by that
-- trailing profit (top var value_top_share, bottom var value_bottom_share; ties broken by
-- customer_id, macro value_tier) and the month's loyalty segment, so management sees the
-- valuable customers at risk. Incremental like int_customer_value_monthly: a run rebuilds the
-- new months and every month from the earliest one holding a `tracked` row written since its
-- last build (reading the 11 months before them for the trailing sums) and replaces those
-- months whole.
{{
    config(
        materialized='incremental',
        on_schema_change='fail',
        **partition_replace_config('month_start')
    )
}}
{%- set tracked = tracked_inputs([
    ['int_customer_value_monthly', 'month_start'],
    ['mart_loyalty_segments', 'month_start'],
    ['base_customers__validated', 'customer_since'],
]) %}
{#- the months being built, and those with the months before them that their trailing sums
    read: each bound is queried once (on an incremental run) and reused by every import -#}
{%- set built = incremental_month_filter('month_start', 'month_start', changed_inputs=tracked) %}
{%- set with_history = incremental_month_filter(
    'month_start', 'month_start', lookback_months=11, changed_inputs=tracked
) %}
{#- the trailing sums: pairs on an incremental run (a few months), running totals on a full
    build (every month) -#}
{%- set trailing_profit_source = 'trailing_profit_by_pairs' if is_incremental()
    else 'trailing_profit_by_running_totals' %}
with

customer_value as (
    select * from {{ ref('int_customer_value_monthly') }}
    where {{ built }}
),

-- the profit of the months being built and of the 11 before them, which their trailing sums
-- read (a separate import: DuckDB materialises a CTE read more than once)
profit_history as (
    select
        customer_id,
        month_start,
        profit
    from {{ ref('int_customer_value_monthly') }}
    where {{ with_history }}
),

-- the customer months being built, for the bounds of their trailing sums (a narrow import
-- read once, so the wide customer_value rows are not materialised)
built_months as (
    select
        customer_id,
        month_start
    from {{ ref('int_customer_value_monthly') }}
    where {{ built }}
),

customers as (
    select * from {{ ref('dim_customers') }}
),

segments as (
    select * from {{ ref('mart_loyalty_segments') }}
),

-- An incremental run builds a few months: each profit row is added to the built months whose
-- 12 months hold it (months m-11 .. m, by date, so gaps never stretch the window), through a
-- small list of (built month, month it reads) pairs: equal-key joins and one aggregate over
-- the rows read, with no sort of every customer's history. The trailing sums are the full
-- build's (below), for the months built.
history_months as (
    select distinct month_start
    from {{ ref('int_customer_value_monthly') }}
    where {{ with_history }}
),

built_month_list as (
    select distinct month_start
    from {{ ref('int_customer_value_monthly') }}
    where {{ built }}
),

trailing_months as (
    select
        built_month_list.month_start,
        history_months.month_start as history_month
    from built_month_list
    inner join history_months
        on
            built_month_list.month_start >= history_months.month_start
            and cast({{ dbt.dateadd('month', -12, 'built_month_list.month_start') }} as date)
            < history_months.month_start
),

trailing_sums as (
    select
        profit_history.customer_id,
        trailing_months.month_start,
        sum(profit_history.profit) as trailing_12m_profit,
        cast(count(*) as {{ dbt.type_bigint() }}) as trailing_12m_months
    from profit_history
    inner join trailing_months
        on profit_history.month_start = trailing_months.history_month
    group by profit_history.customer_id, trailing_months.month_start
),

-- the customer months that exist (a customer with earlier rows only has no row this month);
-- read on incremental runs only
trailing_profit_by_pairs as (  -- noqa: ST03
    select
        trailing_sums.customer_id,
        trailing_sums.month_start,
        trailing_sums.trailing_12m_profit,
        trailing_sums.trailing_12m_months
    from trailing_sums
    inner join built_months
        on
            trailing_sums.customer_id = built_months.customer_id
            and trailing_sums.month_start = built_months.month_start
),

-- A full build (every month): months m-11 .. m of the same customer, by date so gaps never
-- stretch the window: running totals over the customer's months, read at each month (itself
-- included) and at a bound 12 months before it (placed after a month row of the same date, so
-- that month is left out). One sort per customer instead of a self join of every month with
-- every other month, or of the pairs above 12 times over.
trailing_timeline as (
    select
        customer_id,
        month_start,
        month_start as timeline_month,
        0 as bound,
        profit,
        1 as months
    from profit_history
    union all
    select
        customer_id,
        month_start,
        cast({{ dbt.dateadd('month', -12, 'month_start') }} as date) as timeline_month,
        1 as bound,
        0 as profit,
        0 as months
    from built_months
),

running_profit as (
    select
        customer_id,
        month_start,
        bound,
        sum(profit) over (
            partition by customer_id
            order by timeline_month, bound
            rows between unbounded preceding and current row
        ) as profit_through,
        sum(months) over (
            partition by customer_id
            order by timeline_month, bound
            rows between unbounded preceding and current row
        ) as months_through
    from trailing_timeline
),

trailing_profit_by_running_totals as (
    select
        customer_id,
        month_start,
        {{ sum_where('bound = 0', 'profit_through') }}
        - {{ sum_where('bound = 1', 'profit_through') }} as trailing_12m_profit,
        cast(
            {{ sum_where('bound = 0', 'months_through') }}
            - {{ sum_where('bound = 1', 'months_through') }} as {{ dbt.type_bigint() }}
        ) as trailing_12m_months
    from running_profit
    where {{ built }}
    group by customer_id, month_start
),

-- the pairs on an incremental run, the running totals on a full build (the other is not read)
trailing_profit as (
    select * from {{ trailing_profit_source }}
),

ranked as (
    select
        customer_id,
        month_start,
        trailing_12m_profit,
        trailing_12m_months,
        row_number() over (
            partition by month_start
            order by trailing_12m_profit desc, customer_id asc
        ) as value_rank,
        count(*) over (partition by month_start) as customers_in_month
    from trailing_profit
),

-- Computed columns cast to the contract's types: on PostgreSQL computed decimals and text are
-- `numeric` and `text`, which an incremental run with on_schema_change='fail' would refuse.
final as (
    select
        customer_value.customer_id,
        customer_value.month_start,
        customers.home_branch_id,
        customers.tier,
        customer_value.customer_transactions,
        customer_value.uncosted_transactions,
        customer_value.has_balance_snapshot,
        customer_value.deposit_balance,
        customer_value.loan_balance,
        customer_value.transaction_fee_revenue,
        customer_value.posted_fee_revenue,
        cast(customer_value.fee_revenue as {{ type_money() }}) as fee_revenue,
        customer_value.deposit_revenue,
        customer_value.loan_revenue,
        cast(customer_value.revenue as {{ type_money() }}) as revenue,
        customer_value.cost_to_serve,
        cast(customer_value.profit as {{ type_money() }}) as profit,
        cast(ranked.trailing_12m_profit as {{ type_money() }}) as trailing_12m_profit,
        ranked.trailing_12m_months,
        cast(ranked.value_rank as {{ dbt.type_bigint() }}) as value_rank,
        cast({{ value_tier(
            'ranked.value_rank',
            'ranked.customers_in_month',
            var('value_top_share', 0.2),
            var('value_bottom_share', 0.2)
        ) }} as {{ type_varchar() }}) as value_tier,
        segments.segment,
        {{ invocation_id_column() }},
        {{ written_at_column() }}
    from customer_value
    inner join ranked
        on
            customer_value.customer_id = ranked.customer_id
            and customer_value.month_start = ranked.month_start
    left join customers
        on customer_value.customer_id = customers.customer_id
    left join segments
        on
            customer_value.customer_id = segments.customer_id
            and customer_value.month_start = segments.month_start
)

select * from final
