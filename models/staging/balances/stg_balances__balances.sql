with

validated as (
    select * from {{ ref('base_balances__validated') }}
),

final as (
    select
        customer_id,
        month,
        deposit_balance,
        loan_balance,
        products_held,
        _source_file,
        _row_number,
        _load_id,
        _invocation_id,
        _written_at
    from validated
    where reject_reason is null
)

select * from final
