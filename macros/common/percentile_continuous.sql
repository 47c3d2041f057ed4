{#
    Aggregate: continuous (interpolated) percentile of a numeric expression, nulls ignored.
    fraction in [0, 1]: 0.5 for the median, 0.9 for p90.

    Usage: {{ percentile_continuous('days_to_resolve', 0.9) }} as p90_days_to_resolve
#}
{% macro percentile_continuous(expr, fraction) -%}
    {{ return(adapter.dispatch('percentile_continuous', 'cx_warehouse')(expr, fraction)) }}
{%- endmacro %}

{# PostgreSQL: ordered-set aggregate. #}
{% macro default__percentile_continuous(expr, fraction) -%}
    percentile_cont({{ fraction }}) within group (order by {{ expr }})
{%- endmacro %}

{% macro duckdb__percentile_continuous(expr, fraction) -%}
    quantile_cont({{ expr }}, {{ fraction }})
{%- endmacro %}

{% macro spark__percentile_continuous(expr, fraction) -%}
    percentile({{ expr }}, {{ fraction }})
{%- endmacro %}
