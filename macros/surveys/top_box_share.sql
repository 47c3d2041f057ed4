{#
    Aggregate: share of non-null scores at or above min_score (CSAT top-2-box: 4 or 5 on 1-5,
    var csat_top_box_min). Null when no scores.
#}
{% macro top_box_share(score, min_score=none) -%}
    {%- set threshold = min_score if min_score is not none else var('csat_top_box_min', 4) -%}
    {{ avg_double(
        "case when " ~ score ~ " >= " ~ threshold ~ " then 1.0 when " ~ score
        ~ " is not null then 0.0 end"
    ) }}
{%- endmacro %}
