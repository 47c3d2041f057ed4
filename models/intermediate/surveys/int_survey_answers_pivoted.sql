-- One row per response that has answers: scores pivoted by the question catalogue's kind (and
-- SERVQUAL / mystery-shop dimension). Answers outside the question's scale_min..scale_max are
-- ignored (counted in answers_out_of_range); codes missing from the catalogue are ignored
-- (counted in answers_unknown_question). Several codes of one kind in a response are averaged.
with

answers as (
    select * from {{ ref('stg_survey_answers__answers') }}
),

questions as (
    select * from {{ ref('survey_questions') }}
),

answers_classified as (
    select
        answers.response_id,
        answers.answer_text,
        questions.kind,
        questions.dimension,
        questions.question_code is null as is_unknown_question,
        coalesce(
            answers.answer_numeric is not null
            and questions.scale_min is not null
            and (
                answers.answer_numeric < questions.scale_min
                or answers.answer_numeric > questions.scale_max
            ),
            false
        ) as is_out_of_range,
        case
            when answers.answer_numeric between questions.scale_min and questions.scale_max
                then answers.answer_numeric
        end as valid_numeric
    from answers
    left join questions
        on answers.question_code = questions.question_code
),

final as (
    select
        response_id,
        {{ avg_double("case when kind = 'nps' then valid_numeric end") }} as nps_score,
        {{ avg_double("case when kind = 'csat' then valid_numeric end") }} as csat_score,
        {{ avg_double("case when kind = 'ces' then valid_numeric end") }} as ces_score,
        {%- for dimension in servqual_dimensions() %}
            {%- for kind in ['expectation', 'perception'] %}
                {{ avg_double(
                    "case when kind = 'servqual_" ~ kind ~ "' and dimension = '" ~ dimension
                    ~ "' then valid_numeric end"
                ) }} as servqual_{{ dimension }}_{{ kind }},
            {%- endfor %}
        {%- endfor %}
        {{ avg_double("case when kind = 'employee_satisfaction' then valid_numeric end") }}
            as esat_score,
        {{ avg_double("case when kind = 'internal_service_quality' then valid_numeric end") }}
            as isq_score,
        {{ avg_double("case when kind = 'intent_to_stay' then valid_numeric end") }}
            as intent_to_stay_score,
        {%- for dimension in servqual_dimensions() %}
            {{ avg_double(
                "case when kind = 'mystery_shop' and dimension = '" ~ dimension
                ~ "' then valid_numeric end"
            ) }} as mystery_shop_{{ dimension }}_score,
        {%- endfor %}
        max(case when kind = 'verbatim' then answer_text end) as verbatim_text,
        count(*) as answers,
        count(case when is_out_of_range then 1 end) as answers_out_of_range,
        count(case when is_unknown_question then 1 end) as answers_unknown_question
    from answers_classified
    group by response_id
)

select * from final
