{#
    dbt.cast on Spark (overrides dbt's default__cast for this adapter only). Model contracts
    (_<domain>__models.yml) spell column types as DuckDB and PostgreSQL do; dbt checks a
    contract by casting null to each declared type, and Spark's DDL rejects an unsized varchar
    and 'double precision'. The type name goes through spark_type_name first.
#}
{% macro spark__cast(field, type) -%}
    cast({{ field }} as {{ spark_type_name(type) }})
{%- endmacro %}
