with

validated as (
    select * from {{ ref('base_branches__validated') }}
),

final as (
    {{ select_landing_rejects('validated', 'branches') }}
)

select * from final
