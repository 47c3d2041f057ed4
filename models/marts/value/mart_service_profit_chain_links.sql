-- Strength of every link of the service-profit chain: the correlation across branches
-- between the driver and the outcome (macro correlation, Pearson), per outcome month and
-- pooled over all months (month_start null, is_pooled true: every branch-month pair in one
-- correlation, which is what the management pack reads), at lag 0 (same month) and lag 1
-- (driver one month before the outcome). n counts the pairs; a per-month row is low n when
-- fewer than var chain_link_min_branches branches (10) carry both values, a pooled row when
-- fewer than that many distinct branches do. The correlation is null under two pairs or when
-- either side does not vary (macro correlation).
with

pairs as (
    select * from {{ ref('int_service_profit_chain_link_pairs') }}
),

per_month as (
    select
        link_id,
        chain_step,
        driver,
        outcome,
        is_primary,
        lag_months,
        month_start,
        false as is_pooled,
        cast(count(*) as {{ dbt.type_bigint() }}) as n,
        cast(count(distinct branch_id) as {{ dbt.type_bigint() }}) as branches,
        cast(count(distinct month_start) as {{ dbt.type_bigint() }}) as months,
        {{ correlation('driver_value', 'outcome_value') }} as correlation
    from pairs
    group by link_id, chain_step, driver, outcome, is_primary, lag_months, month_start
),

pooled as (
    select
        link_id,
        chain_step,
        driver,
        outcome,
        is_primary,
        lag_months,
        cast(null as date) as month_start,
        true as is_pooled,
        cast(count(*) as {{ dbt.type_bigint() }}) as n,
        cast(count(distinct branch_id) as {{ dbt.type_bigint() }}) as branches,
        cast(count(distinct month_start) as {{ dbt.type_bigint() }}) as months,
        {{ correlation('driver_value', 'outcome_value') }} as correlation
    from pairs
    group by link_id, chain_step, driver, outcome, is_primary, lag_months
),

links as (
    select * from per_month
    union all
    select * from pooled
),

final as (
    select
        link_id,
        chain_step,
        driver,
        outcome,
        is_primary,
        lag_months,
        month_start,
        is_pooled,
        n,
        branches,
        months,
        correlation,
        branches < {{ var('chain_link_min_branches', 10) }} as is_low_n
    from links
)

select * from final
