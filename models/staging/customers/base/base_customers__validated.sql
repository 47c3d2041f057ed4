with

landed as (
    select * from {{ source('customers', 'customers') }}
),

validated as (
    {{ validate_landed_rows('landed', 'customers') }}
)

select * from validated
