with

transactions as (
    select * from {{ ref('stg_transactions__transactions') }}
),

final as (
    select
        transaction_id,
        customer_id,
        occurred_at,
        cast(occurred_at as date) as occurred_on,
        cast({{ dbt.date_trunc('month', 'occurred_at') }} as date) as transaction_month,
        channel,
        transaction_type,
        amount,
        cast(coalesce(fee_amount, 0) as {{ contract_decimal_type() }}) as fee_amount,
        branch_id,
        employee_id,
        upper(currency) as currency,
        -- fee and interest are bank-initiated: they never count as customer activity (SPEC 1).
        transaction_type not in ('fee', 'interest') as is_customer_initiated
    from transactions
)

select * from final
