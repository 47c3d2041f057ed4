with

validated as (
    select * from {{ ref('base_callbacks__validated') }}
),

final as (
    select
        _source_file,
        _file_checksum,
        _row_number,
        _load_id,
        _loaded_at,
        callback_id__raw as callback_id,
        customer_id__raw as customer_id,
        reason__raw as reason,
        related_id__raw as related_id,
        scheduled_at__raw as scheduled_at,
        attempted_at__raw as attempted_at,
        outcome__raw as outcome,
        resolution_satisfied__raw as resolution_satisfied,
        score__raw as score,
        employee_id__raw as employee_id,
        notes__raw as notes,
        reject_reason
    from validated
    where reject_reason is not null
)

select * from final
