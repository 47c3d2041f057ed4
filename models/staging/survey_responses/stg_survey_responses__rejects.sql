with

validated as (
    select * from {{ ref('base_survey_responses__validated') }}
),

final as (
    {{ select_landing_rejects('validated', 'survey_responses') }}
)

select * from final
