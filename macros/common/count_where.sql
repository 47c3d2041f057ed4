{#
    Aggregate: the number of rows where `condition` is true (null counts as not true), as a
    bigint, so counts have one type on every engine.

    Usage: {{ count_where('is_due and is_recovered') }} as recovered
#}
{% macro count_where(condition) -%}
    cast(sum(case when {{ condition }} then 1 else 0 end) as {{ dbt.type_bigint() }})
{%- endmacro %}
