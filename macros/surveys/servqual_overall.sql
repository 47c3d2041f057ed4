{#
    Overall SERVQUAL value of a response: the mean of the five dimension values (gap,
    expectation or perception). Null unless all five dimensions are present (plain arithmetic
    propagates null), so overall values are always comparable across responses.
#}
{% macro servqual_overall(column_prefix, column_suffix) -%}
    (
        {%- for dimension in servqual_dimensions() %}
        {{ column_prefix }}{{ dimension }}{{ column_suffix }}{{ ' +' if not loop.last }}
        {%- endfor %}
    ) / {{ servqual_dimensions() | length }}.0
{%- endmacro %}

{# The five SERVQUAL dimensions, in the catalogue's order. #}
{% macro servqual_dimensions() -%}
    {{ return(['tangibles', 'reliability', 'responsiveness', 'assurance', 'empathy']) }}
{%- endmacro %}
