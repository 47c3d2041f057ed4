-- Revenue, cost to serve and profit per customer per month (SPEC section 2, service-profit
-- chain). A customer has a row in every month with a balance snapshot or a transaction.
-- revenue = fees + deposit revenue + loan revenue (balances x annual margin / 12, macro
-- monthly_margin_revenue). Fees are both kinds the bank earns: fee_amount charged on
-- transactions, and the amount of bank-initiated 'fee' postings (account / service fees).
-- Interest postings are not a cost here: the deposit margin is already net of them.
-- cost to serve = customer-initiated transactions x the channel's cost per transaction (seed
-- channel_costs; a channel missing from the seed costs 0 and is counted in
-- uncosted_transactions); bank-initiated postings serve nobody and cost nothing.
-- profit = revenue - cost to serve.
-- Incremental like the loyalty models: a run rebuilds the months after the last stored one and
-- every month from the earliest one holding a transaction or balance row written since its
-- last build (`tracked`, macro incremental_month_filter), and replaces those months whole;
-- --full-refresh rebuilds every month with the same SQL, a month per statement on DuckDB
-- (macro full_build_month_batches).
{{
    config(
        materialized='incremental',
        on_schema_change='fail',
        post_hook="{{ insert_month_batches() }}",
        **partition_replace_config('month_start')
    )
}}
{%- set tracked = tracked_inputs([
    ['base_transactions__validated', 'occurred_at'],
    ['base_balances__validated', 'month'],
]) %}
{%- set month_batches = full_build_month_batches(ref('fct_transactions'), 'transaction_month') %}
with

transactions as (
    select * from {{ ref('fct_transactions') }}
    where {{ incremental_month_filter(
        'transaction_month', 'month_start', changed_inputs=tracked, month_batches=month_batches
    ) }}
),

balances as (
    select * from {{ ref('stg_balances__balances') }}
    where {{ incremental_month_filter(
        'month', 'month_start', changed_inputs=tracked, month_batches=month_batches
    ) }}
),

channel_costs as (
    select * from {{ ref('channel_costs') }}
),

transactions_costed as (
    select
        transactions.customer_id,
        transactions.transaction_month as month_start,
        transactions.is_customer_initiated,
        transactions.fee_amount,
        channel_costs.cost_per_transaction,
        case
            when transactions.transaction_type = 'fee' then transactions.amount else 0
        end as posted_fee_amount,
        channel_costs.channel is null as is_uncosted
    from transactions
    left join channel_costs
        on transactions.channel = channel_costs.channel
),

transactions_monthly as (
    select
        customer_id,
        month_start,
        {{ count_where('is_customer_initiated') }} as customer_transactions,
        {{ count_where('is_customer_initiated and is_uncosted') }} as uncosted_transactions,
        sum(fee_amount) as transaction_fee_revenue,
        sum(posted_fee_amount) as posted_fee_revenue,
        sum(
            case when is_customer_initiated then coalesce(cost_per_transaction, 0) else 0 end
        ) as cost_to_serve
    from transactions_costed
    group by customer_id, month_start
),

-- a row for every customer month with transactions, a balance snapshot or both: one full
-- join, so each import is read once (DuckDB materialises a CTE read more than once)
revenue as (
    select
        coalesce(transactions_monthly.customer_id, balances.customer_id) as customer_id,
        coalesce(transactions_monthly.month_start, balances.month) as month_start,
        coalesce(transactions_monthly.customer_transactions, 0) as customer_transactions,
        coalesce(transactions_monthly.uncosted_transactions, 0) as uncosted_transactions,
        balances.deposit_balance,
        balances.loan_balance,
        balances.customer_id is not null as has_balance_snapshot,
        cast(coalesce(transactions_monthly.transaction_fee_revenue, 0) as {{ type_money() }})
            as transaction_fee_revenue,
        cast(coalesce(transactions_monthly.posted_fee_revenue, 0) as {{ type_money() }})
            as posted_fee_revenue,
        {{ monthly_margin_revenue(
            'balances.deposit_balance', var('deposit_margin_annual', 0.02)
        ) }} as deposit_revenue,
        {{ monthly_margin_revenue(
            'balances.loan_balance', var('loan_margin_annual', 0.03)
        ) }} as loan_revenue,
        cast(coalesce(transactions_monthly.cost_to_serve, 0) as {{ type_money() }})
            as cost_to_serve
    from transactions_monthly
    full outer join balances
        on
            transactions_monthly.customer_id = balances.customer_id
            and transactions_monthly.month_start = balances.month
),

final as (
    select
        customer_id,
        month_start,
        customer_transactions,
        uncosted_transactions,
        has_balance_snapshot,
        deposit_balance,
        loan_balance,
        transaction_fee_revenue,
        posted_fee_revenue,
        deposit_revenue,
        loan_revenue,
        cost_to_serve,
        transaction_fee_revenue + posted_fee_revenue as fee_revenue,
        transaction_fee_revenue + posted_fee_revenue + deposit_revenue + loan_revenue as revenue,
        transaction_fee_revenue + posted_fee_revenue + deposit_revenue + loan_revenue
        - cost_to_serve as profit,
        {{ invocation_id_column() }},
        {{ written_at_column() }}
    from revenue
)

select * from final
