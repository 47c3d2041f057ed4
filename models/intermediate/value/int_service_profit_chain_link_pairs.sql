-- The (driver, outcome) pairs behind every link of the service-profit chain: one row per
-- link x lag x outcome month x branch where both values are present. Lag 0 pairs a branch's
-- driver and outcome of the same month; lag 1 pairs the driver of month m-1 with the outcome
-- of month m. Links and their measures: macro service_profit_chain_links.
with

chain as (
    select * from {{ ref('mart_service_profit_chain') }}
),

pairs as (
    {%- for link in service_profit_chain_links() %}
        {%- set outer_loop = loop %}
        {%- for lag in [0, 1] %}
            select
                '{{ link.link_id }}' as link_id,
                {{ link.chain_step }} as chain_step,
                '{{ link.driver }}' as driver,
                '{{ link.outcome }}' as outcome,
                {{ link.is_primary }} as is_primary,
                {{ lag }} as lag_months,
                outcome_month.month_start,
                outcome_month.branch_id,
                cast(driver_month.{{ link.driver }} as {{ type_double() }}) as driver_value,
                cast(outcome_month.{{ link.outcome }} as {{ type_double() }}) as outcome_value
            from chain as outcome_month
            inner join chain as driver_month
                on
                    outcome_month.branch_id = driver_month.branch_id
                    and driver_month.month_start
                    = cast({{ dbt.dateadd('month', -lag, 'outcome_month.month_start') }} as date)
            where
                driver_month.{{ link.driver }} is not null
                and outcome_month.{{ link.outcome }} is not null
            {%- if not (outer_loop.last and loop.last) %}

                union all
            {% endif %}
        {%- endfor %}
    {%- endfor %}
),

final as (
    select
        link_id,
        cast(chain_step as {{ dbt.type_int() }}) as chain_step,
        driver,
        outcome,
        is_primary,
        cast(lag_months as {{ dbt.type_int() }}) as lag_months,
        month_start,
        branch_id,
        driver_value,
        outcome_value
    from pairs
)

select * from final
