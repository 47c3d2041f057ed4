with

validated as (
    select * from {{ ref('base_callbacks__validated') }}
),

final as (
    {{ select_landing_rejects('validated', 'callbacks') }}
)

select * from final
