-- Complaint KPIs per month received x branch x category x received_via x severity, plus an
-- all-branches rollup (branch_id = 'ALL', is_all_branches = true, the convention of the other
-- monthly marts); complaints without a branch are reported under branch_id 'unspecified'.
-- Per-10k, share and percentile columns are not additive: re-derive them from the count
-- columns when rolling up further.
{%- set dimensions = {'branch_id': 'is_all_branches'} %}
{%- set grain = ['received_month', 'category', 'received_via', 'severity'] %}
{%- set measures %}
    cast(count(*) as {{ dbt.type_bigint() }}) as complaints,
    cast(count(distinct customer_id) as {{ dbt.type_bigint() }}) as complaining_customers,
    {{ count_where("is_acknowledged_within_sla is not null") }}
        as acknowledge_sla_evaluated,
    {{ count_where("is_acknowledged_within_sla") }} as acknowledged_within_sla,
    {{ count_where("is_resolved") }} as resolved_complaints,
    {{ count_where("is_resolved_within_sla is not null") }} as resolve_sla_evaluated,
    {{ count_where("is_resolved_within_sla") }} as resolved_within_sla,
    {{ count_where("is_open_breach") }} as open_breaches,
    cast({{ percentile_continuous_decimal('days_to_resolve', 0.5) }} as {{ dbt.type_numeric() }})
        as median_days_to_resolve,
    cast({{ percentile_continuous_decimal('days_to_resolve', 0.9) }} as {{ dbt.type_numeric() }})
        as p90_days_to_resolve,
    {{ count_where("is_escalated_to_regulator_or_media") }}
        as regulator_or_media_escalations,
    {{ count_where("is_repeat_complaint") }} as repeat_complaints,
    {{ count_where("is_callback_reached") }} as complaints_with_reached_callback,
    {{ count_where("is_recovered") }} as recovered_complaints
{%- endset %}
with

complaints as (
    select * from {{ ref('fct_complaints') }}
),

customers as (
    select * from {{ ref('dim_customers') }}
),

months as (
    select distinct
        received_month,
        cast({{ dbt.last_day('received_month', 'month') }} as date) as month_end_date
    from complaints
),

-- open customers at month end, by home branch (the per-10,000 denominator)
open_customers as (
    select
        months.received_month,
        customers.home_branch_id as branch_id,
        count(*) as customers_open
    from months
    inner join customers
        on
            months.month_end_date >= customers.customer_since
            and (customers.closed_on is null or months.month_end_date < customers.closed_on)
    group by months.received_month, customers.home_branch_id
),

open_customers_all_branches as (
    select
        received_month,
        sum(customers_open) as customers_open
    from open_customers
    group by received_month
),

complaints_prepared as (
    select
        received_month,
        category,
        received_via,
        severity,
        customer_id,
        is_acknowledged_within_sla,
        is_resolved,
        is_resolved_within_sla,
        is_open_breach,
        days_to_resolve,
        is_escalated_to_regulator_or_media,
        is_repeat_complaint,
        is_callback_reached,
        is_recovered,
        coalesce(branch_id, 'unspecified') as branch_id
    from complaints
),

cells as (
    {{ rollup_cells('complaints_prepared', grain, dimensions, measures) }}
),

with_denominators as (
    select
        cells.*,
        case
            when cells.is_all_branches then open_customers_all_branches.customers_open
            when cells.branch_id <> 'unspecified' then coalesce(open_customers.customers_open, 0)
        end as customers_open
    from cells
    left join open_customers
        on
            cells.received_month = open_customers.received_month
            and cells.branch_id = open_customers.branch_id
    left join open_customers_all_branches
        on cells.received_month = open_customers_all_branches.received_month
),

final as (
    select
        received_month,
        branch_id,
        is_all_branches,
        category,
        received_via,
        severity,
        complaints,
        complaining_customers,
        cast(customers_open as {{ dbt.type_bigint() }}) as customers_open,
        {{ safe_ratio('complaints', 'customers_open', 10000) }}
            as complaints_per_10k_customers,
        acknowledge_sla_evaluated,
        acknowledged_within_sla,
        {{ safe_ratio('acknowledged_within_sla', 'acknowledge_sla_evaluated') }}
            as acknowledged_within_sla_share,
        resolved_complaints,
        resolve_sla_evaluated,
        resolved_within_sla,
        {{ safe_ratio('resolved_within_sla', 'resolve_sla_evaluated') }}
            as resolved_within_sla_share,
        open_breaches,
        median_days_to_resolve,
        p90_days_to_resolve,
        regulator_or_media_escalations,
        {{ safe_ratio('regulator_or_media_escalations', 'complaints') }}
            as regulator_or_media_escalation_rate,
        repeat_complaints,
        {{ safe_ratio('repeat_complaints', 'complaints') }} as repeat_rate,
        complaints_with_reached_callback,
        recovered_complaints,
        {{ safe_ratio('recovered_complaints', 'complaints_with_reached_callback') }}
            as recovery_rate,
        {{ estimated_dissatisfied('complaints') }} as estimated_dissatisfied_customers,
        {{ estimated_silent_dissatisfied('complaints') }} as estimated_silent_dissatisfied,
        {{ as_of_date() }} as as_of_date
    from with_denominators
)

select * from final
