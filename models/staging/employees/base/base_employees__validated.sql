with

landed as (
    select * from {{ source('employees', 'employees') }}
),

validated as (
    {{ validate_landed_rows('landed', 'employees') }}
)

select * from validated
