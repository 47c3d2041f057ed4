with

validated as (
    select * from {{ ref('base_employees__validated') }}
),

final as (
    {{ select_landing_rejects('validated', 'employees') }}
)

select * from final
