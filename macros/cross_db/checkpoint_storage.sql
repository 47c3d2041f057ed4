{#
    Storage checkpoint after each model's transaction (post-hook outside the transaction,
    dbt_project.yml). DuckDB otherwise checkpoints on whichever commit takes its write-ahead
    log past checkpoint_threshold, and that commit pays for every table written since the last
    checkpoint: a small model's time then grows with the size of the whole warehouse.
    Checkpointing after every model charges each model for its own writes only.
#}
{% macro checkpoint_storage() -%}
    {{ return(adapter.dispatch('checkpoint_storage', 'cx_warehouse')()) }}
{%- endmacro %}

{# PostgreSQL and Spark manage their own storage: no statement (an empty hook is skipped). #}
{% macro default__checkpoint_storage() -%}
{%- endmacro %}

{% macro duckdb__checkpoint_storage() -%}
    checkpoint
{%- endmacro %}
