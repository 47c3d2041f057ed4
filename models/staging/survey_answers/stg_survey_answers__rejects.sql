with

validated as (
    select * from {{ ref('base_survey_answers__validated') }}
),

final as (
    select
        _source_file,
        _file_checksum,
        _row_number,
        _load_id,
        _loaded_at,
        response_id__raw as response_id,
        question_code__raw as question_code,
        answer_numeric__raw as answer_numeric,
        answer_text__raw as answer_text,
        reject_reason
    from validated
    where reject_reason is not null
)

select * from final
