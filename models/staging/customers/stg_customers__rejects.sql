with

validated as (
    select * from {{ ref('base_customers__validated') }}
),

final as (
    {{ select_landing_rejects('validated', 'customers') }}
)

select * from final
