-- Segment migration month to month: for every customer open at the end of month m-1 (from
-- segment) where they are at the end of month m (to segment), with customers closed by then as
-- 'churned'; customers who first appear at the end of month m come from 'new'. Per month x
-- home branch, with the all-branches rollup ('ALL', is_all_branches). Incremental like
-- mart_loyalty_segments: a run rebuilds the destination months it rebuilds there, reading one
-- month end more (the origin of the first of them).
{{
    config(
        materialized='incremental',
        on_schema_change='fail',
        **partition_replace_config('month_end_date')
    )
}}
{%- set dimensions = {'home_branch_id': 'is_all_branches'} %}
{%- set grain = ['month_start', 'month_end_date', 'from_segment', 'to_segment'] %}
{%- set measures %}
    cast(count(*) as {{ dbt.type_bigint() }}) as customers
{%- endset %}
{%- set tracked = tracked_inputs([
    ['mart_loyalty_segments', 'month_end_date'],
    ['base_customers__validated', 'customer_since'],
]) %}
with

segments as (
    select * from {{ ref('mart_loyalty_segments') }}
    where {{ incremental_month_filter(
        'month_end_date', lookback_months=1, changed_inputs=tracked
    ) }}
),

customers as (
    select * from {{ ref('dim_customers') }}
),

month_ends as (
    select distinct
        month_start,
        month_end_date
    from segments
),

-- consecutive month ends present in the mart: (from, to) pairs; the first month end read
-- is an origin only
month_pairs as (
    select
        month_start as from_month_start,
        month_end_date as from_month_end_date,
        lead(month_start) over (order by month_start) as to_month_start,
        lead(month_end_date) over (order by month_start) as to_month_end_date
    from month_ends
),

from_side as (
    select
        month_pairs.to_month_start,
        month_pairs.to_month_end_date,
        segments.customer_id,
        segments.home_branch_id,
        segments.segment
    from month_pairs
    inner join segments
        on month_pairs.from_month_start = segments.month_start
    where month_pairs.to_month_start is not null
),

to_side as (
    select
        month_pairs.to_month_start,
        month_pairs.to_month_end_date,
        segments.customer_id,
        segments.home_branch_id,
        segments.segment
    from month_pairs
    inner join segments
        on month_pairs.to_month_start = segments.month_start
),

transitions as (
    select
        coalesce(from_side.to_month_start, to_side.to_month_start) as month_start,
        coalesce(from_side.to_month_end_date, to_side.to_month_end_date) as month_end_date,
        coalesce(from_side.home_branch_id, to_side.home_branch_id) as home_branch_id,
        coalesce(from_side.segment, 'new') as from_segment,
        case
            when to_side.segment is not null then to_side.segment
            when customers.closed_on <= from_side.to_month_end_date then 'churned'
            else 'unobserved'
        end as to_segment
    from from_side
    full outer join to_side
        on
            from_side.to_month_start = to_side.to_month_start
            and from_side.customer_id = to_side.customer_id
    left join customers
        on from_side.customer_id = customers.customer_id
),

transitions_prepared as (
    select
        month_start,
        month_end_date,
        from_segment,
        to_segment,
        coalesce(home_branch_id, 'unspecified') as home_branch_id
    from transitions
),

cells as (
    {{ rollup_cells('transitions_prepared', grain, dimensions, measures) }}
),

final as (
    select
        month_start,
        month_end_date,
        home_branch_id,
        is_all_branches,
        from_segment,
        to_segment,
        customers,
        cast(
            sum(customers) over (
                partition by month_start, home_branch_id, from_segment
            ) as {{ dbt.type_bigint() }}
        ) as from_segment_customers,
        {{ safe_ratio(
            'customers',
            'sum(customers) over (partition by month_start, home_branch_id, from_segment)'
        ) }} as migration_rate,
        {{ invocation_id_column() }},
        {{ written_at_column() }}
    from cells
)

select * from final
