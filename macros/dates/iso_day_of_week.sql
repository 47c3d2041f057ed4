{#
    ISO day of the week of a date expression as an integer: 1 = Monday ... 7 = Sunday.
#}
{% macro iso_day_of_week(date_expr) -%}
    {{ return(adapter.dispatch('iso_day_of_week', 'cx_warehouse')(date_expr)) }}
{%- endmacro %}

{# PostgreSQL and most engines with extract(isodow ...). #}
{% macro default__iso_day_of_week(date_expr) -%}
    cast(extract(isodow from {{ date_expr }}) as integer)
{%- endmacro %}

{% macro duckdb__iso_day_of_week(date_expr) -%}
    cast(isodow({{ date_expr }}) as integer)
{%- endmacro %}

{# Spark's dayofweek() is 1 = Sunday ... 7 = Saturday. #}
{% macro spark__iso_day_of_week(date_expr) -%}
    cast(((dayofweek({{ date_expr }}) + 5) % 7) + 1 as integer)
{%- endmacro %}
