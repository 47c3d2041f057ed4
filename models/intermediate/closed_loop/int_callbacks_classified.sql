with

callbacks as (
    select * from {{ ref('stg_callbacks__callbacks') }}
),

final as (
    select
        callback_id,
        customer_id,
        reason,
        related_id,
        case
            when reason = 'complaint_follow_up' then related_id
        end as related_complaint_id,
        case
            when reason = 'detractor_follow_up' then related_id
        end as related_response_id,
        {{ closed_loop_case_type('reason') }} as case_type,
        case
            when {{ closed_loop_case_type('reason') }} is not null then related_id
        end as case_id,
        scheduled_at,
        attempted_at,
        outcome,
        coalesce(outcome = 'reached', false) as is_reached,
        resolution_satisfied,
        score,
        {{ is_recovered('outcome', 'resolution_satisfied', 'score') }} as is_recovered,
        employee_id
    from callbacks
)

select * from final
