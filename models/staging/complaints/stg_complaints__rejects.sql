with

validated as (
    select * from {{ ref('base_complaints__validated') }}
),

final as (
    {{ select_landing_rejects('validated', 'complaints') }}
)

select * from final
