with

validated as (
    select * from {{ ref('base_complaints__validated') }}
),

final as (
    select
        _source_file,
        _file_checksum,
        _row_number,
        _load_id,
        _loaded_at,
        complaint_id__raw as complaint_id,
        customer_id__raw as customer_id,
        received_at__raw as received_at,
        received_via__raw as received_via,
        category__raw as category,
        severity__raw as severity,
        branch_id__raw as branch_id,
        acknowledged_at__raw as acknowledged_at,
        resolved_at__raw as resolved_at,
        escalation_level__raw as escalation_level,
        outcome__raw as outcome,
        compensation_amount__raw as compensation_amount,
        description__raw as description,
        reject_reason
    from validated
    where reject_reason is not null
)

select * from final
