{#
    The date "as of" which still-open and point-in-time metrics are measured, as a SQL date
    expression: var('as_of_date') (text 'YYYY-MM-DD') as a date literal when it is set,
    otherwise the current date of the build (from dbt.current_timestamp(), so it is portable).

        dbt build --vars '{as_of_date: "2025-06-30"}'

    Usage: where resolved_at is null and deadline_on < {{ as_of_date() }}
#}
{% macro as_of_date() -%}
    {%- set value = var('as_of_date', none) -%}
    {%- if value is none or (value | string | trim) in ('', 'None', 'none', 'null') -%}
        cast({{ dbt.current_timestamp() }} as date)
    {%- else -%}
        cast('{{ value | string | trim }}' as date)
    {%- endif -%}
{%- endmacro %}
