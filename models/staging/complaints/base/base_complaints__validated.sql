with

landed as (
    select * from {{ source('complaints', 'complaints') }}
),

validated as (
    {{ validate_landed_rows('landed', 'complaints') }}
)

select * from validated
