{#
    Mean of a numeric expression as a double. DuckDB's avg already returns a double for decimal
    input (unchanged here); PostgreSQL's avg of a numeric is a numeric with 16 decimals.
#}
{% macro avg_double(expression) -%}
    {{ return(adapter.dispatch('avg_double', 'cx_warehouse')(expression)) }}
{%- endmacro %}

{% macro default__avg_double(expression) -%}
    avg({{ expression }})
{%- endmacro %}

{% macro postgres__avg_double(expression) -%}
    cast(avg({{ expression }}) as {{ type_double() }})
{%- endmacro %}

{# Spark's avg of a decimal is a decimal rounded to a few more places: average doubles. #}
{% macro spark__avg_double(expression) -%}
    avg(cast({{ expression }} as double))
{%- endmacro %}
