-- Customer value per customer per month: the month's revenue, cost to serve and profit
-- (int_customer_value_monthly), the trailing 12-month profit (this month and the 11 before
-- it, over the months the customer has rows in), the value tier within the month by that
-- trailing profit (top var value_top_share, bottom var value_bottom_share; ties broken by
-- customer_id, macro value_tier) and the month's loyalty segment, so management sees the
-- valuable customers at risk.
with

customer_value as (
    select * from {{ ref('int_customer_value_monthly') }}
),

customers as (
    select * from {{ ref('dim_customers') }}
),

segments as (
    select * from {{ ref('mart_loyalty_segments') }}
),

-- months m-11 .. m of the same customer, joined by date so gaps never stretch the window
trailing_profit as (
    select
        current_month.customer_id,
        current_month.month_start,
        sum(window_month.profit) as trailing_12m_profit,
        cast(count(*) as {{ dbt.type_bigint() }}) as trailing_12m_months
    from customer_value as current_month
    inner join customer_value as window_month
        on
            current_month.customer_id = window_month.customer_id
            and current_month.month_start >= window_month.month_start
            and cast({{ dbt.dateadd('month', -12, 'current_month.month_start') }} as date)
            < window_month.month_start
    group by current_month.customer_id, current_month.month_start
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
        customer_value.fee_revenue,
        customer_value.deposit_revenue,
        customer_value.loan_revenue,
        customer_value.revenue,
        customer_value.cost_to_serve,
        customer_value.profit,
        ranked.trailing_12m_profit,
        ranked.trailing_12m_months,
        cast(ranked.value_rank as {{ dbt.type_bigint() }}) as value_rank,
        {{ value_tier(
            'ranked.value_rank',
            'ranked.customers_in_month',
            var('value_top_share', 0.2),
            var('value_bottom_share', 0.2)
        ) }} as value_tier,
        segments.segment
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
