-- The one staging model that reads a lookup: an answer is valid only for a question the
-- catalogue (seed survey_questions) knows and within that question's scale, so the
-- question catalogue is part of the landing contract of survey answers.
-- Incremental by load (macro validate_new_loads): a run validates the loads that are new since
-- the last run, plus every stored load that holds an earlier version of a (response_id,
-- question_code) they re-deliver (that version becomes a duplicate_key reject), and replaces
-- those loads whole (partition_replace_config on _load_id); the catalogue is joined to the
-- landed rows before the macro picks its loads, so every validated row is judged against it.
-- A key of those loads that a later stored load, not rebuilt, delivers again stays a
-- duplicate_key reject. --full-refresh validates every load and gives the same rows. Stored
-- loads are not judged again when the catalogue changes: after a change to survey_questions
-- that concerns answers already loaded, build with --full-refresh.
{{
    config(
        materialized='incremental',
        on_schema_change='fail',
        **partition_replace_config('_load_id')
    )
}}
with

landed as (
    select * from {{ source('survey_answers', 'survey_answers') }}
),

questions as (
    select * from {{ ref('survey_questions') }}
),

landed_with_question as (
    select
        landed.*,
        questions.scale_min as _question_scale_min,
        questions.scale_max as _question_scale_max,
        questions.question_code is not null as _is_known_question
    from landed
    left join questions
        on {{ trim_to_null('landed.question_code') }} = questions.question_code
),

validated as (
    {{ validate_new_loads(
        'landed_with_question',
        'survey_answers',
        row_rules=[
            {
                'reason': 'invalid_value:question_code',
                'when': 'question_code__text is not null and not _is_known_question',
            },
            {
                'reason': 'out_of_range:answer_numeric',
                'when': 'answer_numeric__value < _question_scale_min'
                    ~ ' or answer_numeric__value > _question_scale_max',
            },
        ],
        context_columns=['_is_known_question', '_question_scale_min', '_question_scale_max'],
    ) }}
),

-- the run that wrote each row: tests of an incremental run read the loads it rebuilt
final as (
    select
        *,
        {{ invocation_id_column() }},
        {{ written_at_column() }}
    from validated
)

select * from final
