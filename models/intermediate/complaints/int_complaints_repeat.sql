-- One row per complaint: the same customer's previous complaint and whether it was received
-- within var repeat_complaint_window_days days before this one (a repeat complaint).
-- Complaints are ordered by received_at, then complaint_id for simultaneous ones.
with

complaints as (
    select * from {{ ref('stg_complaints__complaints') }}
),

previous_complaints as (
    select
        complaint_id,
        customer_id,
        received_at,
        lag(complaint_id) over (
            partition by customer_id
            order by received_at, complaint_id
        ) as previous_complaint_id,
        lag(received_at) over (
            partition by customer_id
            order by received_at, complaint_id
        ) as previous_complaint_received_at
    from complaints
),

final as (
    select
        complaint_id,
        customer_id,
        previous_complaint_id,
        previous_complaint_received_at,
        coalesce(
            previous_complaint_received_at
            >= {{ dbt.dateadd('day', -1 * var('repeat_complaint_window_days'), 'received_at') }},
            false
        ) as is_repeat_complaint
    from previous_complaints
)

select * from final
