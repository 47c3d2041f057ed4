with

landed as (
    select * from {{ source('transactions', 'transactions') }}
),

validated as (
    {{ validate_landed_rows('landed', 'transactions') }}
)

select * from validated
