{#
    validate_landed_rows(landed, source_name, table_name, row_rules, context_columns)

    The one generic staging validation. `landed` is the relation or CTE name of the raw rows
    (the model calls source() itself, so lineage stays visible to dbt). The contract comes from
    the source YAML at execution time (landing_contract); at parse time the macro only returns
    `select * from landed`.

    Output, one row per landed row:
      lineage columns (_source_file, _file_checksum, _row_number, _load_id, _loaded_at),
      every contract column parsed to its contract type (same name),
      every contract column's landed text as <column>__raw,
      reject_reason: null for a valid row, otherwise every failing rule '<code>:<column>'
        separated by ';' in column order, or 'duplicate_key' for a row that passed every rule
        but lost its primary key to a later one (latest _load_id, then highest _row_number).

    Rules beyond the contract columns' own (e.g. a survey answer within its question's scale,
    which needs the question catalogue) come as row_rules: a list of {'reason': '<code>:<col>',
    'when': SQL condition}, evaluated after the column rules; the condition may use
    <column>__value (the parsed value) and the context_columns, extra columns of `landed`
    (prefixed '_', e.g. from a lookup join) that are passed through for the rules and not
    output.
#}
{% macro validate_landed_rows(landed, source_name, table_name=none, row_rules=[], context_columns=[]) -%}
    {%- if not execute -%}
        select * from {{ landed }}
    {%- else -%}
        {%- set contract = normalize_landing_contract(
            landing_contract(source_name, table_name), source_name
        ) -%}
        {%- set columns = contract.columns -%}
        {%- set primary_key = contract.primary_key -%}
        {%- set reasons = [] -%}
        {%- for column in columns -%}
            {%- set text = column.name ~ '__text' -%}
            {%- set value = column.name ~ '__value' -%}
            {%- do reasons.append(reason_missing_required(column, text)) -%}
            {%- do reasons.append(reason_invalid_type(column, text, value)) -%}
            {%- do reasons.append(reason_invalid_value(column, text)) -%}
            {%- do reasons.append(reason_out_of_range(column, value)) -%}
            {%- do reasons.append(reason_in_future(column, value)) -%}
        {%- endfor -%}
        {%- for rule in row_rules -%}
            {%- do reasons.append(
                'case when ' ~ rule.when ~ ' then ' ~ dbt.string_literal(rule.reason) ~ ' end'
            ) -%}
        {%- endfor %}
        {%- set key_columns = columns | selectattr('name', 'in', primary_key) | list -%}
        {#- Rows whose key no other landed row carries need no ranking: only the rows of
            repeated keys go through the window (a window over every row sorts every column of
            every row). Each branch reads `landed` on its own. -#}
        {%- set branches = ['single', 'repeated'] if primary_key | length > 0 else ['all'] %}
    with

    {% if primary_key | length > 0 -%}
    -- keys (parsed as below) that more than one landed row carries
    repeated_keys as (
        select
            {% for column in key_columns -%}
            {{ parse_contract_value(landed_text(column), column.contract_type) }}
                as _repeated_{{ column.name }}{{ ',' if not loop.last }}
            {% endfor %}
        from {{ landed }}
        group by
            {% for column in key_columns -%}
            {{ parse_contract_value(landed_text(column), column.contract_type) }}{{ ',' if not loop.last }}
            {% endfor %}
        having count(*) > 1
    ),

    {% endif -%}
    {% for branch in branches %}
    trimmed_{{ branch }} as (
        select
            {% for lineage in lineage_columns() + context_columns -%}
            {{ lineage }},
            {% endfor -%}
            {% for column in columns -%}
            {{ column.name }} as {{ column.name }}__raw,
            {{ landed_text(column) }} as {{ column.name }}__text{{ ',' if not loop.last }}
            {% endfor %}
        from {{ landed }}
        {%- if branch != 'all' %}
        left join repeated_keys
            on
            {%- for column in key_columns %}
            {{ 'and ' if not loop.first }}{{ parse_contract_value(landed_text(column), column.contract_type) }}
                = repeated_keys._repeated_{{ column.name }}
            {%- endfor %}
        {%- set first_key = key_columns[0].name %}
        {%- if branch == 'single' %}
        -- a row with a null key is ranked with the repeated ones, as the window ranks it
        where repeated_keys._repeated_{{ first_key }} is null
            {%- for column in key_columns %}
            and {{ parse_contract_value(landed_text(column), column.contract_type) }} is not null
            {%- endfor %}
        {%- else %}
        where repeated_keys._repeated_{{ first_key }} is not null
            {%- for column in key_columns %}
            or {{ parse_contract_value(landed_text(column), column.contract_type) }} is null
            {%- endfor %}
        {%- endif %}
        {%- endif %}
    ),

    typed_{{ branch }} as (
        select
            *,
            {% for column in columns -%}
            {{ parse_contract_value(column.name ~ '__text', column.contract_type) }}
                as {{ column.name }}__value{{ ',' if not loop.last }}
            {% endfor %}
        from trimmed_{{ branch }}
    ),

    checked_{{ branch }} as (
        select
            *,
            {{ join_reject_reasons(reasons) }} as rule_violations
        from typed_{{ branch }}
    ),

    ranked_{{ branch }} as (
        select
            *,
            {% if branch == 'single' or primary_key | length == 0 -%}
            1 as key_rank
            {%- else -%}
            row_number() over (
                partition by
                    case when rule_violations is null then 1 else 0 end
                    {%- for key in primary_key %},
                    {{ key }}__value
                    {%- endfor %}
                order by _load_id desc, _row_number desc
            ) as key_rank
            {%- endif %}
        from checked_{{ branch }}
    ){{ ',' if not loop.last }}
    {% endfor %}

    {% for branch in branches %}
    select
        {% for lineage in lineage_columns() -%}
        {{ lineage }},
        {% endfor -%}
        {% for column in columns -%}
        cast({{ column.name }}__value as {{ contract_sql_type(column.contract_type) }}) as {{ column.name }},
        {% endfor -%}
        {% for column in columns -%}
        {{ column.name }}__raw,
        {% endfor -%}
        case
            when rule_violations is not null then rule_violations
            {%- if primary_key | length > 0 %}
            when key_rank > 1 then 'duplicate_key'
            {%- endif %}
        end as reject_reason
    from ranked_{{ branch }}
    {{ 'union all' if not loop.last }}
    {%- endfor -%}
    {%- endif -%}
{%- endmacro %}

{#- The landed text of a contract column as staging judges it: trimmed, '' as null, lower case
    for a column with accepted values, the column's default when empty. -#}
{% macro landed_text(column) -%}
    {%- set text = trim_to_null(column.name) -%}
    {%- if column.accepted_values | length > 0 %}{% set text = 'lower(' ~ text ~ ')' %}{% endif -%}
    {%- if column.default is not none -%}
        {%- set text = 'coalesce(' ~ text ~ ', ' ~ dbt.string_literal(column.default) ~ ')' -%}
    {%- endif -%}
    {{ text }}
{%- endmacro %}
