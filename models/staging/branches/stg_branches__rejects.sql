with

validated as (
    select * from {{ ref('base_branches__validated') }}
),

final as (
    select
        _source_file,
        _file_checksum,
        _row_number,
        _load_id,
        _loaded_at,
        branch_id__raw as branch_id,
        branch_name__raw as branch_name,
        region__raw as region,
        opened_on__raw as opened_on,
        closed_on__raw as closed_on,
        reject_reason
    from validated
    where reject_reason is not null
)

select * from final
