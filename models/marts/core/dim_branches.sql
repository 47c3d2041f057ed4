with

branches as (
    select * from {{ ref('stg_branches__branches') }}
),

final as (
    select
        branch_id,
        branch_name,
        region,
        opened_on,
        closed_on,
        closed_on is not null as is_closed
    from branches
)

select * from final
