with

landed as (
    select * from {{ source('balances', 'balances') }}
),

validated as (
    {{ validate_landed_rows('landed', 'balances') }}
)

select * from validated
