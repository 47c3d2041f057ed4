with

validated as (
    select * from {{ ref('base_survey_answers__validated') }}
),

final as (
    select
        response_id,
        question_code,
        answer_numeric,
        answer_text,
        _source_file,
        _row_number,
        _load_id,
        _invocation_id,
        _written_at
    from validated
    where reject_reason is null
)

select * from final
