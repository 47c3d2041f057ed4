with

landed as (
    select * from {{ source('branches', 'branches') }}
),

validated as (
    {{ validate_landed_rows('landed', 'branches') }}
)

select * from validated
