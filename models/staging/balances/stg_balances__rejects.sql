with

validated as (
    select * from {{ ref('base_balances__validated') }}
),

final as (
    select
        _source_file,
        _file_checksum,
        _row_number,
        _load_id,
        _loaded_at,
        customer_id__raw as customer_id,
        month__raw as month,
        deposit_balance__raw as deposit_balance,
        loan_balance__raw as loan_balance,
        products_held__raw as products_held,
        reject_reason
    from validated
    where reject_reason is not null
)

select * from final
