-- PII (full_name, phone) stays in staging: never select it here. The phone is only carried as
-- a salted hash (macro pii_hash, salt from CX_PII_SALT), a join key that reveals nothing.
with

customers as (
    select * from {{ ref('stg_customers__customers') }}
),

final as (
    select
        customer_id,
        customer_since,
        tier,
        home_branch_id,
        cast(birth_year as integer) as birth_year,
        gender,
        city,
        closed_on,
        closed_on is not null as is_closed,
        {{ pii_hash('phone', digits_only=true) }} as phone_hash
    from customers
)

select * from final
