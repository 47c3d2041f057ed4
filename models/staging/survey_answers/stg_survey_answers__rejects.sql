with

validated as (
    select * from {{ ref('base_survey_answers__validated') }}
),

final as (
    {{ select_landing_rejects('validated', 'survey_answers') }}
)

select * from final
