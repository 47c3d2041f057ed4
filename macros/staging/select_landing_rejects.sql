{#
    select_landing_rejects(validated, source_name, table_name)

    The rejected rows of a landing source, as landed: lineage columns, every contract column's
    landed text under its contract name, and reject_reason. `validated` is the relation or CTE
    name of the source's base_<source>__validated rows. One macro for every stg_<source>__rejects
    model, so they cannot drift apart.
#}
{% macro select_landing_rejects(validated, source_name, table_name=none) -%}
    {%- if not execute -%}
        select * from {{ validated }} where reject_reason is not null
    {%- else -%}
        {%- set contract = landing_contract(source_name, table_name) -%}
    select
        {% for lineage in lineage_columns() -%}
        {{ lineage }},
        {% endfor -%}
        {% for column in contract.columns -%}
        {{ column.name }}__raw as {{ column.name }},
        {% endfor -%}
        reject_reason
    from {{ validated }}
    where reject_reason is not null
    {%- endif -%}
{%- endmacro %}
