-- One row per staged survey response, all five instruments, with its pivoted scores. Free-text
-- verbatims are not carried (they may hold personal data; see int_survey_answers_pivoted).
-- Customer instruments: customer_id and customer_tier from dim_customers (null when the
-- respondent is not a known customer). branch_id: the response's own branch, else the
-- customer's home branch (customer instruments) or the employee's branch (employee pulse).
{%- set customer_instruments = [
    'customer_relationship', 'customer_transactional', 'post_complaint'
] %}
with

responses as (
    select * from {{ ref('stg_survey_responses__responses') }}
),

answers_pivoted as (
    select * from {{ ref('int_survey_answers_pivoted') }}
),

customers as (
    select * from {{ ref('dim_customers') }}
),

employees as (
    select * from {{ ref('dim_employees') }}
),

responses_attributed as (
    select
        responses.response_id,
        responses.instrument,
        responses.respondent_id,
        responses.instrument in (
            {%- for instrument in customer_instruments %}
                '{{ instrument }}'{{ ',' if not loop.last }}
            {%- endfor %}
        ) as is_customer_instrument,
        customers.customer_id,
        customers.tier as customer_tier,
        responses.responded_at,
        cast(responses.responded_at as date) as responded_on,
        cast({{ dbt.date_trunc('month', 'responses.responded_at') }} as date) as response_month,
        coalesce(
            responses.branch_id, customers.home_branch_id, employees.branch_id
        ) as branch_id,
        case
            when responses.branch_id is not null then 'response'
            when customers.home_branch_id is not null then 'customer_home_branch'
            when employees.branch_id is not null then 'employee_branch'
        end as branch_source,
        responses.channel,
        responses.related_transaction_id,
        responses.related_complaint_id
    from responses
    left join customers
        on
            responses.respondent_id = customers.customer_id
            and responses.instrument in (
                {%- for instrument in customer_instruments %}
                    '{{ instrument }}'{{ ',' if not loop.last }}
                {%- endfor %}
            )
    left join employees
        on
            responses.respondent_id = employees.employee_id
            and responses.instrument = 'employee_pulse'
),

responses_scored as (
    select
        responses_attributed.*,
        answers_pivoted.nps_score,
        {{ nps_category('answers_pivoted.nps_score') }} as nps_category,
        answers_pivoted.csat_score,
        answers_pivoted.ces_score,
        {%- for dimension in servqual_dimensions() %}
            answers_pivoted.servqual_{{ dimension }}_expectation,
            answers_pivoted.servqual_{{ dimension }}_perception,
            answers_pivoted.servqual_{{ dimension }}_perception
            - answers_pivoted.servqual_{{ dimension }}_expectation
                as servqual_{{ dimension }}_gap,
        {%- endfor %}
        {{ servqual_overall('answers_pivoted.servqual_', '_expectation') }}
            as servqual_expectation,
        {{ servqual_overall('answers_pivoted.servqual_', '_perception') }}
            as servqual_perception,
        answers_pivoted.esat_score,
        answers_pivoted.isq_score,
        answers_pivoted.intent_to_stay_score,
        {%- for dimension in servqual_dimensions() %}
            answers_pivoted.mystery_shop_{{ dimension }}_score,
        {%- endfor %}
        {{ servqual_overall('answers_pivoted.mystery_shop_', '_score') }}
            as mystery_shop_score,
        coalesce(answers_pivoted.answers, 0) as answers,
        coalesce(answers_pivoted.answers_out_of_range, 0) as answers_out_of_range,
        coalesce(answers_pivoted.answers_unknown_question, 0) as answers_unknown_question
    from responses_attributed
    left join answers_pivoted
        on responses_attributed.response_id = answers_pivoted.response_id
),

final as (
    select
        response_id,
        instrument,
        respondent_id,
        is_customer_instrument,
        customer_id,
        customer_tier,
        responded_at,
        responded_on,
        response_month,
        branch_id,
        branch_source,
        channel,
        related_transaction_id,
        related_complaint_id,
        nps_score,
        nps_category,
        case when nps_category is not null then nps_category = 'detractor' end as is_detractor,
        csat_score,
        ces_score,
        {%- for dimension in servqual_dimensions() %}
            servqual_{{ dimension }}_expectation,
            servqual_{{ dimension }}_perception,
            servqual_{{ dimension }}_gap,
        {%- endfor %}
        servqual_expectation,
        servqual_perception,
        {{ servqual_overall('servqual_', '_gap') }} as servqual_gap,
        esat_score,
        isq_score,
        intent_to_stay_score,
        {%- for dimension in servqual_dimensions() %}
            mystery_shop_{{ dimension }}_score,
        {%- endfor %}
        mystery_shop_score,
        answers,
        answers_out_of_range,
        answers_unknown_question
    from responses_scored
)

select * from final
