{#
    numerator / denominator as a double, times `scale` (e.g. 10000 for a rate per 10,000);
    null when the denominator is zero or null, so an empty cell never reads as 0%.
    Every share and rate of the marts goes through this macro.

    Usage: {{ safe_ratio('called_back_within_sla', 'cases_due') }} as called_back_within_sla_share
#}
{% macro safe_ratio(numerator, denominator, scale=1) -%}
    cast(
        case
            when {{ denominator }} > 0
                then {{ scale }} * cast({{ numerator }} as {{ type_double() }}) / {{ denominator }}
        end as {{ type_double() }}
    )
{%- endmacro %}
