-- survey_questions is internally consistent: each kind has the scale SPEC section 1 gives it
-- (verbatim has none), a dimension exactly for SERVQUAL and mystery-shop kinds, and every
-- SERVQUAL expectation item has its perception twin in the same dimension.
-- Returns the offending question codes with the rule they break (failed_rule).

with

survey_questions as (
    select * from {{ ref('survey_questions') }}
),

expected_scales as (
    select
        scale_values.kind,
        scale_values.scale_min,
        scale_values.scale_max
    from (
        values
        ('nps', 0, 10),
        ('csat', 1, 5),
        ('ces', 1, 7),
        ('servqual_expectation', 1, 7),
        ('servqual_perception', 1, 7),
        ('employee_satisfaction', 1, 5),
        ('internal_service_quality', 1, 5),
        ('intent_to_stay', 1, 5),
        ('mystery_shop', 0, 100)
    ) as scale_values (kind, scale_min, scale_max)
),

scale_errors as (
    select
        survey_questions.question_code,
        'scale' as failed_rule
    from survey_questions
    left join expected_scales
        on survey_questions.kind = expected_scales.kind
    where
        (
            survey_questions.kind = 'verbatim'
            and (survey_questions.scale_min is not null or survey_questions.scale_max is not null)
        )
        or (
            survey_questions.kind != 'verbatim'
            and (
                expected_scales.kind is null
                or survey_questions.scale_min is null
                or survey_questions.scale_max is null
                or survey_questions.scale_min != expected_scales.scale_min
                or survey_questions.scale_max != expected_scales.scale_max
            )
        )
),

dimension_errors as (
    select
        question_code,
        'dimension' as failed_rule
    from survey_questions
    where
        (
            kind in ('servqual_expectation', 'servqual_perception', 'mystery_shop')
            and dimension is null
        )
        or (
            kind not in ('servqual_expectation', 'servqual_perception', 'mystery_shop')
            and dimension is not null
        )
),

expectations as (
    select * from survey_questions
    where kind = 'servqual_expectation'
),

perceptions as (
    select * from survey_questions
    where kind = 'servqual_perception'
),

pair_errors as (
    select
        coalesce(expectations.question_code, perceptions.question_code) as question_code,
        'servqual_pair' as failed_rule
    from expectations
    full outer join perceptions
        on
            {{ dbt.replace('expectations.question_code', "'_exp'", "''") }}
            = {{ dbt.replace('perceptions.question_code', "'_per'", "''") }}
            and expectations.dimension = perceptions.dimension
    where expectations.question_code is null or perceptions.question_code is null
),

final as (
    select * from scale_errors
    union all
    select * from dimension_errors
    union all
    select * from pair_errors
)

select * from final
