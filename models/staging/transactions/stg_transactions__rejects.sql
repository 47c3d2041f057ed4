with

validated as (
    select * from {{ ref('base_transactions__validated') }}
),

final as (
    {{ select_landing_rejects('validated', 'transactions') }}
)

select * from final
