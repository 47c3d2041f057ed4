with

validated as (
    select * from {{ ref('base_employees__validated') }}
),

final as (
    select
        employee_id,
        branch_id,
        role,
        hired_on,
        left_on,
        _source_file,
        _row_number,
        _load_id
    from validated
    where reject_reason is null
)

select * from final
