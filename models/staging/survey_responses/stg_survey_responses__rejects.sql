with

validated as (
    select * from {{ ref('base_survey_responses__validated') }}
),

final as (
    select
        _source_file,
        _file_checksum,
        _row_number,
        _load_id,
        _loaded_at,
        response_id__raw as response_id,
        instrument__raw as instrument,
        respondent_id__raw as respondent_id,
        responded_at__raw as responded_at,
        branch_id__raw as branch_id,
        channel__raw as channel,
        related_transaction_id__raw as related_transaction_id,
        related_complaint_id__raw as related_complaint_id,
        reject_reason
    from validated
    where reject_reason is not null
)

select * from final
