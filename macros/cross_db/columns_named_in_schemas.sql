{#
    Rows (table_schema, table_name, column_name) of every column of a relation in one of
    `schemas` whose name is one of `column_names` (both compared lowercase).

    Usage: {{ columns_named_in_schemas(['marts', 'data_quality'], ['full_name', 'phone']) }}
#}
{% macro columns_named_in_schemas(schemas, column_names) -%}
    {{ return(adapter.dispatch('columns_named_in_schemas', 'cx_warehouse')(schemas, column_names)) }}
{%- endmacro %}

{% macro default__columns_named_in_schemas(schemas, column_names) -%}
    select
        table_schema,
        table_name,
        column_name
    from information_schema.columns
    where
        lower(table_schema) in ('{{ schemas | join("', '") }}')
        and lower(column_name) in ('{{ column_names | join("', '") }}')
{%- endmacro %}

{#
    Spark's Hive catalog has no information_schema: list the relations (show tables) and their
    columns through the adapter at run time and select the matches as literals.
#}
{% macro spark__columns_named_in_schemas(schemas, column_names) -%}
    {%- set found = [] -%}
    {%- if execute -%}
        {%- for schema in schemas -%}
            {%- for shown in run_query('show tables in ' ~ adapter.quote(schema)) if not shown['isTemporary'] -%}
                {%- set relation = api.Relation.create(schema=schema, identifier=shown['tableName']) -%}
                {%- for column in adapter.get_columns_in_relation(relation) -%}
                    {%- if column.name | lower in column_names -%}
                        {%- do found.append((schema, shown['tableName'], column.name)) -%}
                    {%- endif -%}
                {%- endfor -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if found -%}
        {%- for schema, table, column in found %}
            select '{{ schema }}' as table_schema, '{{ table }}' as table_name, '{{ column }}' as column_name
            {% if not loop.last %}union all{% endif %}
        {%- endfor -%}
    {%- else %}
        select
            cast(null as string) as table_schema,
            cast(null as string) as table_name,
            cast(null as string) as column_name
        where false
    {%- endif -%}
{%- endmacro %}
