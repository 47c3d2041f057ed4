with

validated as (
    select * from {{ ref('base_callbacks__validated') }}
),

final as (
    select
        callback_id,
        customer_id,
        reason,
        related_id,
        scheduled_at,
        attempted_at,
        outcome,
        resolution_satisfied,
        score,
        employee_id,
        notes,
        _source_file,
        _row_number,
        _load_id
    from validated
    where reject_reason is null
)

select * from final
