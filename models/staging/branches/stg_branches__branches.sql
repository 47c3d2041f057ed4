with

validated as (
    select * from {{ ref('base_branches__validated') }}
),

final as (
    select
        branch_id,
        branch_name,
        region,
        opened_on,
        closed_on,
        _source_file,
        _row_number,
        _load_id
    from validated
    where reject_reason is null
)

select * from final
