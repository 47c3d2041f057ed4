-- Customer satisfaction per month x branch x channel x customer tier, plus every rollup
-- (all branches / all channels / all tiers and their combinations). Customer instruments only.
-- Rollup rows carry 'ALL' in the rolled-up column and is_all_<dimension> = true; a missing
-- branch, channel or tier on a response is reported as 'unspecified' (never null).
-- The eight groupings are a union of group-bys (macro rollup_groupings).
{%- set dimensions = {
    'branch_id': 'is_all_branches', 'channel': 'is_all_channels', 'customer_tier': 'is_all_tiers'
} %}
{%- set measures = satisfaction_cell_measures() %}
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
    {{ rollup_cells('responses_prepared', 'response_month', dimensions, measures) }}
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
