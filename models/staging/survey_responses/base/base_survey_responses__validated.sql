with

landed as (
    select * from {{ source('survey_responses', 'survey_responses') }}
),

validated as (
    {{ validate_landed_rows('landed', 'survey_responses') }}
)

select * from validated
