with

validated as (
    select * from {{ ref('base_balances__validated') }}
),

final as (
    {{ select_landing_rejects('validated', 'balances') }}
)

select * from final
