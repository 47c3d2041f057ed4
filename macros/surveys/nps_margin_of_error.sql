{#
    Margin of error of an NPS (in NPS points) at var confidence_z (default 1.96, 95%):
    100 * z * sqrt((p + d - (p - d)^2) / n) with p, d the promoter and detractor shares.
    Null when n = 0. A cell of one response (or all one category) has zero variance, so 0:
    read it together with is_low_sample.
#}
{% macro nps_margin_of_error(promoters, detractors, responses) -%}
    case
        when {{ responses }} > 0
            then 100.0 * {{ var('confidence_z', 1.96) }} * sqrt(
                (
                    (1.0 * {{ promoters }} / {{ responses }})
                    + (1.0 * {{ detractors }} / {{ responses }})
                    - (
                        (1.0 * {{ promoters }} / {{ responses }})
                        - (1.0 * {{ detractors }} / {{ responses }})
                    )
                    * (
                        (1.0 * {{ promoters }} / {{ responses }})
                        - (1.0 * {{ detractors }} / {{ responses }})
                    )
                ) / {{ responses }}
            )
    end
{%- endmacro %}
