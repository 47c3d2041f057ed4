with

landed as (
    select * from {{ source('survey_answers', 'survey_answers') }}
),

validated as (
    {{ validate_landed_rows('landed', 'survey_answers') }}
)

select * from validated
