with

validated as (
    select * from {{ ref('base_employees__validated') }}
),

final as (
    select
        _source_file,
        _file_checksum,
        _row_number,
        _load_id,
        _loaded_at,
        employee_id__raw as employee_id,
        branch_id__raw as branch_id,
        role__raw as role,
        hired_on__raw as hired_on,
        left_on__raw as left_on,
        reject_reason
    from validated
    where reject_reason is not null
)

select * from final
