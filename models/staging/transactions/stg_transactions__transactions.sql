with

validated as (
    select * from {{ ref('base_transactions__validated') }}
),

final as (
    select
        transaction_id,
        customer_id,
        occurred_at,
        channel,
        transaction_type,
        amount,
        fee_amount,
        branch_id,
        employee_id,
        currency,
        _source_file,
        _row_number,
        _load_id,
        _invocation_id,
        _written_at
    from validated
    where reject_reason is null
)

select * from final
