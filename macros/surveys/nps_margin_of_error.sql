{#
    Margin of error of an NPS (in NPS points) at var confidence_z (default 1.96, 95%):
    100 * z * sqrt((p + d - (p - d)^2) / n) with p, d the promoter and detractor shares.
    Null when n = 0. A cell of one response (or all one category) has zero variance, so 0:
    read it together with is_low_sample. The shares are doubles (a cast, not 1.0 * n: Spark
    keeps 1.0 * n / m a decimal and rounds the squares to 6 decimals).
#}
{% macro nps_margin_of_error(promoters, detractors, responses) -%}
    case
        when {{ responses }} > 0
            then 100.0 * {{ var('confidence_z', 1.96) }} * sqrt(
                (
                    (cast({{ promoters }} as {{ type_double() }}) / {{ responses }})
                    + (cast({{ detractors }} as {{ type_double() }}) / {{ responses }})
                    - (
                        (cast({{ promoters }} as {{ type_double() }}) / {{ responses }})
                        - (cast({{ detractors }} as {{ type_double() }}) / {{ responses }})
                    )
                    * (
                        (cast({{ promoters }} as {{ type_double() }}) / {{ responses }})
                        - (cast({{ detractors }} as {{ type_double() }}) / {{ responses }})
                    )
                ) / {{ responses }}
            )
    end
{%- endmacro %}
