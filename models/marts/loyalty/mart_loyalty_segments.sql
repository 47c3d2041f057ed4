-- Loyalty segment of every open customer at every month end (SPEC section 2): cold, then
-- at_risk, else stable; segment_reasons lists every rule that fired. Rules are the macros in
-- macros/loyalty/loyalty_rules.sql. Incremental like int_customer_activity_monthly.
{{
    config(
        materialized='incremental',
        on_schema_change='fail',
        **partition_replace_config('month_end_date')
    )
}}
{%- set tracked = tracked_inputs([['int_customer_activity_monthly', 'month_end_date']]) %}
with

activity as (
    select * from {{ ref('int_customer_activity_monthly') }}
    where {{ incremental_month_filter('month_end_date', changed_inputs=tracked) }}
),

rules as (
    select
        *,
        {{ loyalty_rule_no_recent_activity('days_since_last_activity') }}
            as is_rule_no_recent_activity,
        {{ loyalty_rule_nps_detractor('latest_nps_category') }} as is_rule_nps_detractor,
        {{ loyalty_rule_low_csat('latest_csat_score') }} as is_rule_low_csat,
        {{ loyalty_rule_activity_drop('transactions_recent', 'transactions_prior') }}
            as is_rule_activity_drop,
        {{ loyalty_rule_complaint_open('open_complaints_recent') }} as is_rule_complaint_open,
        {{ loyalty_rule_complaint_breached('breached_complaints_recent') }}
            as is_rule_complaint_breached,
        {{ loyalty_rule_complaint_unsatisfied_callback('unsatisfied_callback_complaints_recent') }}
            as is_rule_complaint_unsatisfied_callback,
        {{ loyalty_rule_balance_drop('deposit_balance', 'deposit_balance_before') }}
            as is_rule_balance_drop
    from activity
),

final as (
    select
        customer_id,
        month_start,
        month_end_date,
        home_branch_id,
        tier,
        -- Computed text is cast to the contract's varchar: PostgreSQL types literals and
        -- concat_ws as text, and an incremental run (on_schema_change fail) compares types.
        cast(
            case
                when is_rule_no_recent_activity then 'cold'
                when {{ loyalty_any_rule(loyalty_at_risk_rules()) }} then 'at_risk'
                else 'stable'
            end as {{ type_varchar() }}
        ) as segment,
        cast(nullif(concat_ws(
            ',',
            case when is_rule_no_recent_activity then 'no_recent_activity' end,
            {%- for rule in loyalty_at_risk_rules() %}
                case when is_rule_{{ rule }} then '{{ rule }}' end{{ ',' if not loop.last }}
            {%- endfor %}
        ), '') as {{ type_varchar() }}) as segment_reasons,
        is_rule_no_recent_activity,
        {%- for rule in loyalty_at_risk_rules() %}
            is_rule_{{ rule }},
        {%- endfor %}
        is_new,
        cast({{ satisfaction_loyalty_quadrant(
            'latest_csat_score',
            'latest_nps_category',
            'not (is_rule_no_recent_activity or is_rule_activity_drop or is_rule_balance_drop)'
        ) }} as {{ type_varchar() }}) as satisfaction_loyalty_quadrant,
        tenure_days,
        days_since_last_activity,
        transactions_recent,
        transactions_prior,
        deposit_balance,
        deposit_balance_before,
        latest_nps_score,
        latest_csat_score,
        complaints_recent,
        has_full_history,
        {{ invocation_id_column() }},
        {{ written_at_column() }}
    from rules
)

select * from final
