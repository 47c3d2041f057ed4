{#
    ISO 8601 week number (1-53) of a date expression as an integer. Weeks start on Monday and
    week 1 holds the year's first Thursday, so early January can be week 52 or 53 and late
    December week 1 (pair it with the ISO year, not the calendar year, when grouping).
#}
{% macro iso_week_of_year(date_expr) -%}
    {{ return(adapter.dispatch('iso_week_of_year', 'cx_warehouse')(date_expr)) }}
{%- endmacro %}

{# PostgreSQL: extract(week ...) is the ISO week. #}
{% macro default__iso_week_of_year(date_expr) -%}
    cast(extract(week from {{ date_expr }}) as integer)
{%- endmacro %}

{% macro duckdb__iso_week_of_year(date_expr) -%}
    cast(weekofyear({{ date_expr }}) as integer)
{%- endmacro %}

{# Spark's weekofyear() follows ISO 8601. #}
{% macro spark__iso_week_of_year(date_expr) -%}
    cast(weekofyear({{ date_expr }}) as integer)
{%- endmacro %}
