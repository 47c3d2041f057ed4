{#
    The landing contract, read at execution time from the source YAML (graph.sources), so the
    contract has one home: models/staging/<source>/_<source>__sources.yml.

    In dbt 1.11 a column's `config: meta:` is exposed both as `column.meta` and as
    `column.config.meta`; contract_column_meta merges the two (config wins) so either spelling
    in the YAML works.
#}

{% macro landing_sources() -%}
    {{ return([
        'branches',
        'customers',
        'employees',
        'balances',
        'transactions',
        'survey_responses',
        'survey_answers',
        'complaints',
        'callbacks',
    ]) }}
{%- endmacro %}


{% macro lineage_columns() -%}
    {{ return(['_source_file', '_file_checksum', '_row_number', '_load_id', '_loaded_at']) }}
{%- endmacro %}


{% macro contract_column_meta(column) -%}
    {%- set merged = {} -%}
    {%- do merged.update(column.get('meta') or {}) -%}
    {%- do merged.update((column.get('config') or {}).get('meta') or {}) -%}
    {{ return(merged) }}
{%- endmacro %}


{#
    landing_contract(source_name, table_name) returns the contract of a landing source:
        {'primary_key': [...], 'columns': [{'name', 'contract_type', 'required',
         'accepted_values', 'min_value', 'max_value', 'default', 'not_future', 'pii'}, ...]}
    with the columns in YAML order. Lineage columns (names starting with '_') are not contract
    columns. Fails loudly when the source is not declared.

    dbt unit tests compile models against a stripped manifest whose `graph` has no sources,
    so unit tests override this macro with the same structure (overrides: macros:
    landing_contract: ...); normalize_landing_contract fills in omitted keys either way.
#}
{% macro landing_contract(source_name, table_name=none) -%}
    {%- set table_name = table_name or source_name -%}
    {%- set unique_id = 'source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name -%}
    {%- set node = (graph.get('sources') or {}).get(unique_id) -%}
    {%- if node is none -%}
        {{ exceptions.raise_compiler_error(
            'landing_contract: no source ' ~ source_name ~ '.' ~ table_name ~ ' in the graph'
            ~ ' (in a dbt unit test, override the landing_contract macro)'
        ) }}
    {%- endif -%}
    {%- set columns = [] -%}
    {%- for column in node.columns.values() if not column.name.startswith('_') -%}
        {%- set meta = contract_column_meta(column) -%}
        {%- do columns.append({
            'name': column.name,
            'contract_type': meta.get('contract_type'),
            'required': meta.get('required'),
            'accepted_values': meta.get('accepted_values'),
            'min_value': meta.get('min_value'),
            'max_value': meta.get('max_value'),
            'default': meta.get('default'),
            'not_future': meta.get('not_future'),
            'pii': meta.get('pii'),
        }) -%}
    {%- endfor -%}
    {{ return(normalize_landing_contract(
        {'primary_key': contract_column_meta(node).get('primary_key'), 'columns': columns},
        source_name ~ '.' ~ table_name
    )) }}
{%- endmacro %}


{% macro normalize_landing_contract(contract, label='landing source') -%}
    {%- set columns = [] -%}
    {%- for column in contract.get('columns') or [] -%}
        {%- for accepted in column.get('accepted_values') or [] if accepted is boolean -%}
            {{ exceptions.raise_compiler_error(
                'landing contract ' ~ label ~ ': column ' ~ column.name ~ ' has a boolean in'
                ~ ' accepted_values; quote yes/no/on/off in the YAML, e.g. ["yes", "no"]'
            ) }}
        {%- endfor -%}
        {%- do columns.append({
            'name': column.get('name') | lower,
            'contract_type': column.get('contract_type') or 'text',
            'required': column.get('required') is sameas true,
            'accepted_values': column.get('accepted_values') or [],
            'min_value': column.get('min_value'),
            'max_value': column.get('max_value'),
            'default': column.get('default'),
            'not_future': column.get('not_future') is sameas true,
            'pii': column.get('pii') is sameas true,
        }) -%}
    {%- endfor -%}
    {%- if columns | length == 0 -%}
        {{ exceptions.raise_compiler_error('landing contract ' ~ label ~ ': no contract columns') }}
    {%- endif -%}
    {{ return({'primary_key': contract.get('primary_key') or [], 'columns': columns}) }}
{%- endmacro %}


{# The staged model's entity name per source: stg_<source>__<entity>. #}
{% macro landing_entity(source_name) -%}
    {{ return({'survey_responses': 'responses', 'survey_answers': 'answers'}.get(source_name, source_name)) }}
{%- endmacro %}


{#
    union_landing_models(model_name_pattern, select_list, group_by=none)

    One `select '<source>' as source_name, <select_list> from ref(<model>)` per landing source,
    joined with union all. The pattern's {source} and {entity} are replaced per source, e.g.
    'stg_{source}__rejects' or 'stg_{source}__{entity}'. Used by the data-quality marts so
    that a new landing source only needs adding to landing_sources().
#}
{% macro union_landing_models(model_name_pattern, select_list, group_by=none) -%}
    {%- for source_name in landing_sources() %}
    {%- set model_name = model_name_pattern
        | replace('{source}', source_name)
        | replace('{entity}', landing_entity(source_name)) %}
    select
        '{{ source_name }}' as source_name,
        {{ select_list | join(',\n        ') }}
    from {{ ref(model_name) }}
    {%- if group_by %}
    group by {{ group_by | join(', ') }}
    {%- endif %}
    {%- if not loop.last %}

    union all
    {% endif -%}
    {%- endfor %}
{%- endmacro %}
