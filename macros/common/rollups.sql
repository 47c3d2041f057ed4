{#
    Rollup cells as a portable union of group-bys (the same rows as GROUPING SETS / CUBE, which
    not every target engine plans the same way). A mart lists its leading grain (always grouped,
    e.g. the month), its rollup dimensions with the flag column that marks each rollup, and
    its measures:

        {%- set dimensions = {'branch_id': 'is_all_branches', 'channel': 'is_all_channels'} %}
        {%- set measures %}count(*) as responses{%- endset %}
        ...
        cells as (
            {{ rollup_cells('responses', 'response_month', dimensions, measures) }}
        ),

    A rolled-up dimension reads 'ALL' and its flag is true; rows with a null dimension value
    should be mapped to 'unspecified' before, so 'ALL' and null never mix.
#}

{# Every combination of rolled-up / kept dimensions: a list of {'rolled_up': {dim: bool}, 'group_by': sql}. #}
{% macro rollup_groupings(leading_columns, dimensions) -%}
    {%- set leading = [leading_columns] if leading_columns is string else leading_columns -%}
    {%- set names = dimensions.keys() | list -%}
    {%- set groupings = [] -%}
    {%- for combination in range(2 ** (names | length)) -%}
        {%- set rolled_up = {} -%}
        {%- set group_by = leading | list -%}
        {%- for name in names -%}
            {%- set is_rolled_up = (combination // (2 ** loop.index0)) % 2 == 1 -%}
            {%- do rolled_up.update({name: is_rolled_up}) -%}
            {%- do group_by.append(name) if not is_rolled_up -%}
        {%- endfor -%}
        {%- do groupings.append({'rolled_up': rolled_up, 'group_by': group_by | join(', ')}) -%}
    {%- endfor -%}
    {{ return(groupings) }}
{%- endmacro %}

{# The dimension columns and flags of one grouping, each followed by a comma. #}
{% macro rollup_columns(grouping, dimensions) -%}
    {%- for name in dimensions.keys() %}
        {{ "'ALL'" if grouping.rolled_up[name] else name }} as {{ name }},
    {%- endfor %}
    {%- for name, flag in dimensions.items() %}
        {{ 'true' if grouping.rolled_up[name] else 'false' }} as {{ flag }},
    {%- endfor %}
{%- endmacro %}

{#
    The whole union of group-bys: `measures` (SQL select-list text, e.g. built with
    {% set measures %}count(*) as responses{% endset %}) aggregated over `relation` for every
    grouping of rollup_groupings(leading_columns, dimensions).
#}
{% macro rollup_cells(relation, leading_columns, dimensions, measures) -%}
    {%- set leading = [leading_columns] if leading_columns is string else leading_columns -%}
    {%- for grouping in rollup_groupings(leading, dimensions) %}
    select
        {{ leading | join(', ') }},
        {{- rollup_columns(grouping, dimensions) }}
        {{ measures }}
    from {{ relation }}
    group by {{ grouping.group_by }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
