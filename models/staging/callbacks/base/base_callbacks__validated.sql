with

landed as (
    select * from {{ source('callbacks', 'callbacks') }}
),

validated as (
    {{ validate_landed_rows('landed', 'callbacks') }}
)

select * from validated
