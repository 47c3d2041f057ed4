with

validated as (
    select * from {{ ref('base_survey_responses__validated') }}
),

final as (
    select
        response_id,
        instrument,
        respondent_id,
        responded_at,
        branch_id,
        channel,
        related_transaction_id,
        related_complaint_id,
        _source_file,
        _row_number,
        _load_id
    from validated
    where reject_reason is null
)

select * from final
