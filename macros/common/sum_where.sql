{#
    Aggregate: the sum of `expr` over the rows where `condition` is true (0 when none is).

    Usage: {{ sum_where('occurred_on > cutoff_on', 'amount') }} as recent_amount
#}
{% macro sum_where(condition, expr) -%}
    sum(case when {{ condition }} then {{ expr }} else 0 end)
{%- endmacro %}
