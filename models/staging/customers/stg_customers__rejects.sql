with

validated as (
    select * from {{ ref('base_customers__validated') }}
),

final as (
    select
        _source_file,
        _file_checksum,
        _row_number,
        _load_id,
        _loaded_at,
        customer_id__raw as customer_id,
        customer_since__raw as customer_since,
        tier__raw as tier,
        home_branch_id__raw as home_branch_id,
        birth_year__raw as birth_year,
        gender__raw as gender,
        city__raw as city,
        closed_on__raw as closed_on,
        full_name__raw as full_name,
        phone__raw as phone,
        reject_reason
    from validated
    where reject_reason is not null
)

select * from final
