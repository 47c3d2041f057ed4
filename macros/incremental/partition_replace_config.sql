{#
    Incremental config that replaces whole partitions: every stored row whose partition value
    (e.g. a month end) occurs in the new batch is replaced by the batch's rows. The model must
    therefore select complete partitions on an incremental run. The same behaviour on every
    engine, by the strategy each one has: delete+insert on the partition column (DuckDB,
    PostgreSQL), insert_overwrite of Parquet partitions (Spark without Delta or Iceberg).

    Usage: {{ config(materialized='incremental', **partition_replace_config('month_end_date')) }}
#}
{% macro partition_replace_config(partition_column) -%}
    {{ return(adapter.dispatch('partition_replace_config', 'cx_warehouse')(partition_column)) }}
{%- endmacro %}

{% macro default__partition_replace_config(partition_column) -%}
    {{ return({'incremental_strategy': 'delete+insert', 'unique_key': partition_column}) }}
{%- endmacro %}

{% macro spark__partition_replace_config(partition_column) -%}
    {{ return({
        'incremental_strategy': 'insert_overwrite',
        'partition_by': [partition_column],
        'file_format': 'parquet',
    }) }}
{%- endmacro %}
