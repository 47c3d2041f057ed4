with

validated as (
    select * from {{ ref('base_complaints__validated') }}
),

final as (
    select
        complaint_id,
        customer_id,
        received_at,
        received_via,
        category,
        severity,
        branch_id,
        acknowledged_at,
        resolved_at,
        escalation_level,
        outcome,
        compensation_amount,
        description,
        _source_file,
        _row_number,
        _load_id
    from validated
    where reject_reason is null
)

select * from final
