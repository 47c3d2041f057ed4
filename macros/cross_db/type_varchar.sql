{#
    The string type the contracts declare (data_type: varchar). dbt.type_string() is text on
    PostgreSQL, a different type from the character varying a varchar contract column has, so
    an incremental model with on_schema_change='fail' casts computed text to this instead.
    DuckDB and PostgreSQL both accept varchar without a length.
#}
{% macro type_varchar() -%}
    {{ return(adapter.dispatch('type_varchar', 'cx_warehouse')()) }}
{%- endmacro %}

{% macro default__type_varchar() -%}
    varchar
{%- endmacro %}

{# Spark has no unsized varchar; string is what a varchar contract column is there. #}
{% macro spark__type_varchar() -%}
    string
{%- endmacro %}
