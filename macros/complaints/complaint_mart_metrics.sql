{#
    Formulas of mart_complaints_monthly measures.
#}

{#
    Dissatisfied customers implied by a complaint count when only var complaint_voice_rate of
    dissatisfied customers complain: total = complaints / voice rate.
#}
{% macro estimated_dissatisfied(complaints, voice_rate=none) -%}
    {%- set rate = voice_rate if voice_rate is not none else var('complaint_voice_rate') -%}
    cast({{ complaints }} / {{ rate }} as {{ type_double() }})
{%- endmacro %}

{# The silent part of them: total dissatisfied minus those who complained. #}
{% macro estimated_silent_dissatisfied(complaints, voice_rate=none) -%}
    cast(
        {{ estimated_dissatisfied(complaints, voice_rate) }} - {{ complaints }}
        as {{ type_double() }}
    )
{%- endmacro %}
