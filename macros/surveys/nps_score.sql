{#
    Net Promoter Score from counts: 100 * (promoters - detractors) / responses.
    Null when there are no NPS responses (never divides by zero); all passives give 0.
#}
{% macro nps_score(promoters, detractors, responses) -%}
    case
        when {{ responses }} > 0
            then 100.0 * ({{ promoters }} - {{ detractors }}) / {{ responses }}
    end
{%- endmacro %}
