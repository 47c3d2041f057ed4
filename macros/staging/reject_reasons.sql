{#
    One macro per reject rule (codes agreed in the conventions). Each returns a SQL expression
    that is the reason text '<code>:<column>' when the rule fails and null otherwise, so the
    reasons of a row can be joined with join_reject_reasons (null-skipping concat_ws).

    `text` is the trimmed value ('' as null, lowercased for accepted_values, default applied);
    `value` is the value parsed to the contract type.
#}

{% macro reason_missing_required(column, text) -%}
    {%- if column.required -%}
        case when {{ text }} is null then 'missing_required:{{ column.name }}' end
    {%- endif -%}
{%- endmacro %}


{% macro reason_invalid_type(column, text, value) -%}
    {%- if column.contract_type != 'text' -%}
        case when {{ text }} is not null and {{ value }} is null then 'invalid_type:{{ column.name }}' end
    {%- endif -%}
{%- endmacro %}


{% macro reason_invalid_value(column, text) -%}
    {%- if column.accepted_values | length > 0 -%}
        case
            when {{ text }} not in (
                {%- for accepted in column.accepted_values -%}
                    {{ dbt.string_literal(accepted | string | lower | trim) }}{{ ', ' if not loop.last }}
                {%- endfor -%}
            ) then 'invalid_value:{{ column.name }}'
        end
    {%- endif -%}
{%- endmacro %}


{% macro reason_out_of_range(column, value) -%}
    {%- set checks = [] -%}
    {%- if column.min_value is not none -%}
        {%- do checks.append(value ~ ' < ' ~ contract_literal(column.min_value, column.contract_type)) -%}
    {%- endif -%}
    {%- if column.max_value is not none -%}
        {%- do checks.append(value ~ ' > ' ~ contract_literal(column.max_value, column.contract_type)) -%}
    {%- endif -%}
    {%- if checks | length > 0 -%}
        case when {{ checks | join(' or ') }} then 'out_of_range:{{ column.name }}' end
    {%- endif -%}
{%- endmacro %}


{#
    An event time more than a day after its file was loaded is in the future. _loaded_at is
    UTC and the value is warehouse-local time; a day is more than any timezone offset, so the
    rule never fires on a correct time, and it does not depend on when dbt runs.
#}
{% macro reason_in_future(column, value) -%}
    {%- if column.not_future -%}
        case when {{ value }} > {{ dbt.dateadd('hour', 24, '_loaded_at') }} then 'in_future:{{ column.name }}' end
    {%- endif -%}
{%- endmacro %}


{# A bound or default from the YAML as a SQL literal of the contract type. #}
{% macro contract_literal(value, contract_type) -%}
    {%- if contract_type in ('integer', 'decimal') -%}
        {%- if value is number -%}
            {{ value }}
        {%- else -%}
            cast({{ dbt.string_literal(value) }} as {{ contract_sql_type(contract_type) }})
        {%- endif -%}
    {%- elif contract_type == 'timestamp' -%}
        cast({{ dbt.string_literal(value) }} as {{ contract_sql_type(contract_type) }})
    {%- elif contract_type in ('date', 'month') -%}
        {{ parse_contract_value(dbt.string_literal(value), contract_type) }}
    {%- else -%}
        {{ dbt.string_literal(value) }}
    {%- endif -%}
{%- endmacro %}


{# Every failing rule, ';'-separated, in the order given; null when none failed. #}
{% macro join_reject_reasons(reason_expressions) -%}
    {%- set present = reason_expressions | reject('none') | map('trim') | reject('equalto', '') | list -%}
    {%- if present | length == 0 -%}
        cast(null as {{ api.Column.translate_type('string') }})
    {%- else -%}
        nullif(concat_ws(';',
            {% for reason in present -%}
                {{ reason }}{{ ',' if not loop.last }}
            {% endfor -%}
        ), '')
    {%- endif -%}
{%- endmacro %}
