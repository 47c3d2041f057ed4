{#
    Seconds elapsed since local midnight of a time or timestamp expression, as a number
    (fractional seconds kept where the engine has them). 10:30:15 -> 37815.
#}
{% macro seconds_since_midnight(expr) -%}
    {{ return(adapter.dispatch('seconds_since_midnight', 'cx_warehouse')(expr)) }}
{%- endmacro %}

{# PostgreSQL: extract(epoch from <time>) is the number of seconds since midnight. #}
{% macro default__seconds_since_midnight(expr) -%}
    cast(extract(epoch from cast({{ expr }} as time)) as {{ type_double() }})
{%- endmacro %}

{% macro duckdb__seconds_since_midnight(expr) -%}
    cast(epoch(cast({{ expr }} as time)) as double)
{%- endmacro %}

{# Spark has no time type: timestamp seconds minus the seconds of its midnight. #}
{% macro spark__seconds_since_midnight(expr) -%}
    cast(
        unix_timestamp(cast({{ expr }} as timestamp))
        - unix_timestamp(cast(to_date(cast({{ expr }} as timestamp)) as timestamp))
        as double
    )
{%- endmacro %}
