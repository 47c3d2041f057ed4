-- The service-profit chain per branch per month (SPEC section 2): internal service quality
-- and employee satisfaction (employee pulse), employee turnover, mystery-shop score,
-- SERVQUAL, CSAT and NPS (mart_satisfaction_monthly branch rows), retention and loyalty
-- segment shares of the branch's customers (by home branch), and the revenue, cost to serve
-- and profit of those customers with their growth against the prior month and the same
-- month last year. One row per branch (dim_branches) per reporting month.
with

workforce as (
    select * from {{ ref('int_branch_workforce_monthly') }}
),

satisfaction as (
    select * from {{ ref('mart_satisfaction_monthly') }}
    where not is_all_branches and is_all_channels and is_all_tiers
),

retention as (
    select * from {{ ref('int_branch_retention_monthly') }}
),

segments as (
    select * from {{ ref('mart_loyalty_segments') }}
),

-- revenue, cost to serve and profit per customer month, with the customer's home branch
customer_value as (
    select * from {{ ref('mart_customer_value_monthly') }}
    where home_branch_id is not null
),

segment_counts as (
    select
        home_branch_id as branch_id,
        month_start,
        {{ count_where('true') }} as segmented_customers,
        {{ count_where("segment = 'stable'") }} as stable_customers,
        {{ count_where("segment = 'at_risk'") }} as at_risk_customers,
        {{ count_where("segment = 'cold'") }} as cold_customers
    from segments
    group by home_branch_id, month_start
),

financials as (
    select
        home_branch_id as branch_id,
        month_start,
        {{ count_where('true') }} as value_customers,
        sum(revenue) as revenue,
        sum(cost_to_serve) as cost_to_serve,
        sum(profit) as profit
    from customer_value
    group by home_branch_id, month_start
),

financials_compared as (
    select
        financials.branch_id,
        financials.month_start,
        financials.value_customers,
        financials.revenue,
        financials.cost_to_serve,
        financials.profit,
        prior_month.revenue as revenue_prior_month,
        prior_month.profit as profit_prior_month,
        last_year.revenue as revenue_last_year,
        last_year.profit as profit_last_year
    from financials
    left join financials as prior_month
        on
            financials.branch_id = prior_month.branch_id
            and prior_month.month_start
            = cast({{ dbt.dateadd('month', -1, 'financials.month_start') }} as date)
    left join financials as last_year
        on
            financials.branch_id = last_year.branch_id
            and last_year.month_start
            = cast({{ dbt.dateadd('month', -12, 'financials.month_start') }} as date)
),

final as (
    select
        workforce.branch_id,
        workforce.month_start,
        workforce.internal_service_quality,
        workforce.employee_satisfaction,
        workforce.headcount_start,
        workforce.leavers,
        workforce.employee_turnover,
        workforce.mystery_shop_score,
        satisfaction.servqual_gap,
        satisfaction.servqual_perception,
        satisfaction.csat_mean,
        satisfaction.nps,
        coalesce(satisfaction.responses, 0) as customer_responses,
        coalesce(retention.retention_base_customers, 0) as retention_base_customers,
        coalesce(retention.retained_customers, 0) as retained_customers,
        {{ safe_ratio('retention.retained_customers', 'retention.retention_base_customers') }}
            as retention,
        coalesce(segment_counts.segmented_customers, 0) as segmented_customers,
        {{ safe_ratio('segment_counts.stable_customers', 'segment_counts.segmented_customers') }}
            as share_stable,
        {{ safe_ratio('segment_counts.at_risk_customers', 'segment_counts.segmented_customers') }}
            as share_at_risk,
        {{ safe_ratio('segment_counts.cold_customers', 'segment_counts.segmented_customers') }}
            as share_cold,
        cast(financials_compared.revenue as {{ type_double() }}) as revenue,
        cast(financials_compared.cost_to_serve as {{ type_double() }}) as cost_to_serve,
        cast(financials_compared.profit as {{ type_double() }}) as profit,
        coalesce(financials_compared.value_customers, 0) as value_customers,
        {{ safe_ratio('financials_compared.profit', 'financials_compared.value_customers') }}
            as profit_per_customer,
        cast(financials_compared.revenue_prior_month as {{ type_double() }})
            as revenue_prior_month,
        cast(financials_compared.revenue_last_year as {{ type_double() }}) as revenue_last_year,
        cast(financials_compared.profit_prior_month as {{ type_double() }})
            as profit_prior_month,
        cast(financials_compared.profit_last_year as {{ type_double() }}) as profit_last_year,
        {{ growth_rate('financials_compared.revenue', 'financials_compared.revenue_prior_month') }}
            as revenue_growth_mom,
        {{ growth_rate('financials_compared.revenue', 'financials_compared.revenue_last_year') }}
            as revenue_growth_yoy,
        {{ growth_rate('financials_compared.profit', 'financials_compared.profit_prior_month') }}
            as profit_growth_mom,
        {{ growth_rate('financials_compared.profit', 'financials_compared.profit_last_year') }}
            as profit_growth_yoy
    from workforce
    left join satisfaction
        on
            workforce.branch_id = satisfaction.branch_id
            and workforce.month_start = satisfaction.response_month
    left join retention
        on
            workforce.branch_id = retention.branch_id
            and workforce.month_start = retention.month_start
    left join segment_counts
        on
            workforce.branch_id = segment_counts.branch_id
            and workforce.month_start = segment_counts.month_start
    left join financials_compared
        on
            workforce.branch_id = financials_compared.branch_id
            and workforce.month_start = financials_compared.month_start
)

select * from final
