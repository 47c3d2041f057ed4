with

validated as (
    select * from {{ ref('base_customers__validated') }}
),

final as (
    select
        customer_id,
        customer_since,
        tier,
        home_branch_id,
        birth_year,
        gender,
        city,
        closed_on,
        full_name,
        phone,
        _source_file,
        _row_number,
        _load_id
    from validated
    where reject_reason is null
)

select * from final
