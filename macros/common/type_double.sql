{#
    Double-precision float type name. Means and ratios are cast to it so mart contracts hold
    one type per engine (dbt.type_float() is single precision on DuckDB).
#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'cx_warehouse')()) }}
{%- endmacro %}

{# PostgreSQL and DuckDB both accept the SQL-standard name. #}
{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{% macro spark__type_double() -%}
    double
{%- endmacro %}
