{#
    Elapsed hours from one timestamp to another, as a fractional number (negative when the
    second is earlier). Exact to the second: unlike dbt.datediff(..., 'hour'), which counts
    hour boundaries crossed, 10:59 -> 11:01 is 0.033 hours, not 1.

    Usage: {{ hours_between('triggered_at', 'attempted_at') }} as hours_to_attempt
#}
{% macro hours_between(start_at, end_at) -%}
    {{ return(adapter.dispatch('hours_between', 'cx_warehouse')(start_at, end_at)) }}
{%- endmacro %}

{# PostgreSQL: the epoch of an interval is its length in seconds. #}
{% macro default__hours_between(start_at, end_at) -%}
    cast(extract(epoch from ({{ end_at }} - {{ start_at }})) as {{ type_double() }}) / 3600.0
{%- endmacro %}

{% macro duckdb__hours_between(start_at, end_at) -%}
    (epoch(cast({{ end_at }} as timestamp)) - epoch(cast({{ start_at }} as timestamp))) / 3600.0
{%- endmacro %}

{% macro spark__hours_between(start_at, end_at) -%}
    cast(
        unix_timestamp(cast({{ end_at }} as timestamp))
        - unix_timestamp(cast({{ start_at }} as timestamp))
        as double
    ) / 3600.0
{%- endmacro %}
