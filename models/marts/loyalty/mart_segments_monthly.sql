-- Loyalty segment counts and shares per month end x home branch x tier, with rollups over all
-- branches, all tiers and both ('ALL', is_all_branches / is_all_tiers).
{%- set dimensions = {'home_branch_id': 'is_all_branches', 'tier': 'is_all_tiers'} %}
{%- set measures %}
    cast(count(*) as {{ dbt.type_bigint() }}) as customers,
    {{ count_where("segment = 'stable'") }} as stable_customers,
    {{ count_where("segment = 'at_risk'") }} as at_risk_customers,
    {{ count_where("segment = 'cold'") }} as cold_customers,
    {{ count_where('is_new') }} as new_customers
{%- endset %}
with

segments as (
    select * from {{ ref('mart_loyalty_segments') }}
),

segments_prepared as (
    select
        month_start,
        month_end_date,
        segment,
        is_new,
        coalesce(home_branch_id, 'unspecified') as home_branch_id,
        coalesce(tier, 'unspecified') as tier
    from segments
),

cells as (
    {{ rollup_cells('segments_prepared', ['month_start', 'month_end_date'], dimensions, measures) }}
),

final as (
    select
        month_start,
        month_end_date,
        home_branch_id,
        tier,
        is_all_branches,
        is_all_tiers,
        customers,
        stable_customers,
        at_risk_customers,
        cold_customers,
        new_customers,
        {{ safe_ratio('stable_customers', 'customers') }} as stable_share,
        {{ safe_ratio('at_risk_customers', 'customers') }} as at_risk_share,
        {{ safe_ratio('cold_customers', 'customers') }} as cold_share
    from cells
)

select * from final
