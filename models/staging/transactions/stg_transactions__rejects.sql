with

validated as (
    select * from {{ ref('base_transactions__validated') }}
),

final as (
    select
        _source_file,
        _file_checksum,
        _row_number,
        _load_id,
        _loaded_at,
        transaction_id__raw as transaction_id,
        customer_id__raw as customer_id,
        occurred_at__raw as occurred_at,
        channel__raw as channel,
        transaction_type__raw as transaction_type,
        amount__raw as amount,
        fee_amount__raw as fee_amount,
        branch_id__raw as branch_id,
        employee_id__raw as employee_id,
        currency__raw as currency,
        reject_reason
    from validated
    where reject_reason is not null
)

select * from final
