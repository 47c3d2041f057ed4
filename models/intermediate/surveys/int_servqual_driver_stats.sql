-- Per period (month and quarter) and SERVQUAL dimension, over customer-instrument responses:
-- importance = Pearson correlation between the dimension's perception score and CSAT
-- (responses having both), performance = mean perception, gap = mean per-response gap.
-- Periods where a dimension has no perception answers at all are left out.
with

responses as (
    select * from {{ ref('fct_survey_responses') }}
    where is_customer_instrument
),

responses_by_period as (
    {%- for period_type in ['month', 'quarter'] %}
        select
            '{{ period_type }}' as period_type,
            {%- if period_type == 'month' %}
                response_month as period_start,
            {%- else %}
                cast({{ dbt.date_trunc('quarter', 'response_month') }} as date) as period_start,
            {%- endif %}
            {%- for dimension in servqual_dimensions() %}
                servqual_{{ dimension }}_perception,
                servqual_{{ dimension }}_gap,
            {%- endfor %}
            csat_score
        from responses
        {%- if not loop.last %}

            union all
        {% endif %}
    {%- endfor %}
),

dimension_scores as (
    {%- for dimension in servqual_dimensions() %}
        select
            period_type,
            period_start,
            '{{ dimension }}' as dimension,
            servqual_{{ dimension }}_perception as perception,
            servqual_{{ dimension }}_gap as gap,
            csat_score
        from responses_by_period
        {%- if not loop.last %}

            union all
        {% endif %}
    {%- endfor %}
),

final as (
    select
        period_type,
        period_start,
        dimension,
        count(perception) as responses,
        count(
            case when perception is not null and csat_score is not null then 1 end
        ) as importance_responses,
        {{ correlation('perception', 'csat_score') }} as importance,
        avg(perception) as performance,
        avg(gap) as gap
    from dimension_scores
    group by 1, 2, 3
    having count(perception) > 0
)

select * from final
