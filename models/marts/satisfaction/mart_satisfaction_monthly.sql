-- Customer satisfaction per month x branch x channel x customer tier, plus every rollup
-- (all branches / all channels / all tiers and their combinations). Customer instruments only.
-- Rollup rows carry 'ALL' in the rolled-up column and is_all_<dimension> = true; a missing
-- branch, channel or tier on a response is reported as 'unspecified' (never null).
-- The eight groupings are a union of group-bys (macro rollup_groupings).
{%- set dimensions = {
    'branch_id': 'is_all_branches', 'channel': 'is_all_channels', 'customer_tier': 'is_all_tiers'
} %}
with

responses as (
    select * from {{ ref('fct_survey_responses') }}
    where is_customer_instrument
),

responses_prepared as (
    select
        response_month,
        coalesce(branch_id, 'unspecified') as branch_id,
        coalesce(channel, 'unspecified') as channel,
        coalesce(customer_tier, 'unspecified') as customer_tier,
        nps_category,
        csat_score,
        ces_score,
        {%- for dimension in servqual_dimensions() %}
            servqual_{{ dimension }}_gap,
        {%- endfor %}
        servqual_gap,
        servqual_perception
    from responses
),

cells as (
    {%- for grouping in rollup_groupings('response_month', dimensions) %}
        select
            response_month,
            {{- rollup_columns(grouping, dimensions) }}
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
        from responses_prepared
        group by {{ grouping.group_by }}
        {%- if not loop.last %}

            union all
        {% endif %}
    {%- endfor %}
),

final as (
    select
        response_month,
        branch_id,
        channel,
        customer_tier,
        is_all_branches,
        is_all_channels,
        is_all_tiers,
        responses,
        nps_responses,
        promoters,
        passives,
        detractors,
        cast(
            {{ nps_score('promoters', 'detractors', 'nps_responses') }}
            as {{ type_double() }}
        ) as nps,
        cast(
            {{ nps_margin_of_error('promoters', 'detractors', 'nps_responses') }}
            as {{ type_double() }}
        ) as nps_margin_of_error,
        csat_responses,
        csat_mean,
        csat_top2_box_share,
        ces_responses,
        ces_mean,
        servqual_responses,
        {%- for dimension in servqual_dimensions() %}
            servqual_{{ dimension }}_gap,
        {%- endfor %}
        servqual_gap,
        servqual_perception,
        nps_responses < {{ var('low_sample_threshold', 30) }} as is_low_sample
    from cells
)

select * from final
