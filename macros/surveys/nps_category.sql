{#
    NPS category of a 0-10 score: 'promoter' (>= var nps_promoter_min, default 9),
    'detractor' (<= var nps_detractor_max, default 6), 'passive' in between, null when no score.
#}
{% macro nps_category(score) -%}
    case
        when {{ score }} is null then null
        when {{ score }} >= {{ var('nps_promoter_min', 9) }} then 'promoter'
        when {{ score }} <= {{ var('nps_detractor_max', 6) }} then 'detractor'
        else 'passive'
    end
{%- endmacro %}
