{#
    The Spark spelling of a SQL type name written for DuckDB / PostgreSQL: varchar and text
    (unsized) are string, double precision and float8 are double, numeric(p, s) is
    decimal(p, s); any other name (bigint, integer, boolean, date, timestamp, decimal(p, s))
    is returned as it is.
#}
{% macro spark_type_name(type) -%}
    {%- set name = type | trim | lower -%}
    {%- if name in ('varchar', 'text', 'character varying') -%}
        string
    {%- elif name in ('double precision', 'float8') -%}
        double
    {%- elif name.startswith('numeric') -%}
        decimal{{ name[7:] }}
    {%- else -%}
        {{ type }}
    {%- endif -%}
{%- endmacro %}
