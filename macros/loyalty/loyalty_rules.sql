{#
    The loyalty segment rules of SPEC section 2, one macro each, over the columns of
    int_customer_activity_monthly. Each is a boolean that is never null. The segment is the
    first rule group that matches: cold, then at_risk (any at_risk rule), else stable.
#}

{# cold: no customer-initiated transaction in the last var cold_inactive_days days. #}
{% macro loyalty_rule_no_recent_activity(days_since_last_activity) -%}
    coalesce({{ days_since_last_activity }} >= {{ var('cold_inactive_days', 90) }}, true)
{%- endmacro %}

{# at_risk: the latest NPS within var survey_lookback_days is a detractor. #}
{% macro loyalty_rule_nps_detractor(latest_nps_category) -%}
    coalesce({{ latest_nps_category }} = 'detractor', false)
{%- endmacro %}

{# at_risk: the latest CSAT within var survey_lookback_days is var csat_at_risk_max (2) or less. #}
{% macro loyalty_rule_low_csat(latest_csat_score) -%}
    coalesce({{ latest_csat_score }} <= {{ var('csat_at_risk_max', 2) }}, false)
{%- endmacro %}

{#
    at_risk: customer-initiated transactions in the last var activity_window_days fell by at
    least var activity_drop_share against the window before, when that one held at least
    var activity_drop_min_prior.
#}
{% macro loyalty_rule_activity_drop(transactions_recent, transactions_prior) -%}
    coalesce(
        {{ transactions_prior }} >= {{ var('activity_drop_min_prior', 3) }}
        and {{ transactions_recent }}
        <= (1 - {{ var('activity_drop_share', 0.5) }}) * {{ transactions_prior }},
        false
    )
{%- endmacro %}

{# at_risk: a complaint of the last var complaint_lookback_days is still open at month end. #}
{% macro loyalty_rule_complaint_open(open_complaints_recent) -%}
    coalesce({{ open_complaints_recent }} > 0, false)
{%- endmacro %}

{# at_risk: ... or breached its resolution SLA (as of month end). #}
{% macro loyalty_rule_complaint_breached(breached_complaints_recent) -%}
    coalesce({{ breached_complaints_recent }} > 0, false)
{%- endmacro %}

{# at_risk: ... or was followed by a reached callback that did not recover the customer. #}
{% macro loyalty_rule_complaint_unsatisfied_callback(unsatisfied_callback_complaints_recent) -%}
    coalesce({{ unsatisfied_callback_complaints_recent }} > 0, false)
{%- endmacro %}

{#
    at_risk: the deposit balance fell by at least var balance_drop_share against the balance
    var balance_lookback_months month ends before (which must be positive).
#}
{% macro loyalty_rule_balance_drop(deposit_balance, deposit_balance_before) -%}
    coalesce(
        {{ deposit_balance_before }} > 0
        and coalesce({{ deposit_balance }}, 0)
        <= (1 - {{ var('balance_drop_share', 0.5) }}) * {{ deposit_balance_before }},
        false
    )
{%- endmacro %}

{# The at_risk rule names, in the order segment_reasons lists them after no_recent_activity. #}
{% macro loyalty_at_risk_rules() -%}
    {{ return([
        'nps_detractor', 'low_csat', 'activity_drop', 'complaint_open', 'complaint_breached',
        'complaint_unsatisfied_callback', 'balance_drop'
    ]) }}
{%- endmacro %}

{# True when any of the named rules fired: is_rule_<a> or is_rule_<b> ... #}
{% macro loyalty_any_rule(rules) -%}
    ({%- for rule in rules %} {{ 'or ' if not loop.first }}is_rule_{{ rule }}{% endfor %})
{%- endmacro %}
