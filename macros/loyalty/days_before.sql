{#
    The date `days` days before a date expression, as a date (portable through dbt.dateadd).
    Windows of the loyalty rules are half-open: the last N days of month end M are the dates
    d with {{ days_before('M', N) }} < d <= M.

    Usage: occurred_on > {{ days_before('month_end_date', var('activity_window_days')) }}
#}
{% macro days_before(date_expr, days) -%}
    cast({{ dbt.dateadd('day', -1 * days, date_expr) }} as date)
{%- endmacro %}
