{#
    The measures of one mart_satisfaction_monthly cell (SPEC section 2), as select-list SQL over
    fct_survey_responses columns: response counts, NPS category counts (nps_score turns them into
    the NPS), CSAT mean and top-2-box share, CES mean and the SERVQUAL gaps.
#}
{% macro satisfaction_cell_measures() -%}
    count(*) as responses,
    count(nps_category) as nps_responses,
    count(case when nps_category = 'promoter' then 1 end) as promoters,
    count(case when nps_category = 'passive' then 1 end) as passives,
    count(case when nps_category = 'detractor' then 1 end) as detractors,
    count(csat_score) as csat_responses,
    avg(csat_score) as csat_mean,
    {{ top_box_share('csat_score') }} as csat_top2_box_share,
    count(ces_score) as ces_responses,
    avg(ces_score) as ces_mean,
    count(servqual_gap) as servqual_responses,
    {%- for dimension in servqual_dimensions() %}
    avg(servqual_{{ dimension }}_gap) as servqual_{{ dimension }}_gap,
    {%- endfor %}
    avg(servqual_gap) as servqual_gap,
    avg(servqual_perception) as servqual_perception
{%- endmacro %}
