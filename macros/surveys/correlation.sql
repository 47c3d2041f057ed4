{#
    Aggregate: Pearson correlation of two numeric expressions over the rows where both are
    non-null. Null when fewer than two such rows or either has zero variance.
#}
{% macro correlation(x, y) -%}
    {{ return(adapter.dispatch('correlation', 'cx_warehouse')(x, y)) }}
{%- endmacro %}

{# PostgreSQL (and the SQL standard): corr(y, x). #}
{% macro default__correlation(x, y) -%}
    corr({{ y }}, {{ x }})
{%- endmacro %}

{% macro duckdb__correlation(x, y) -%}
    corr({{ y }}, {{ x }})
{%- endmacro %}

{% macro spark__correlation(x, y) -%}
    corr({{ x }}, {{ y }})
{%- endmacro %}
