-- Closed-loop performance per case month x branch x case type (detractor_response,
-- complaint), plus the rollups over all branches, all case types and both, marked with
-- 'ALL' in the rolled-up column and is_all_branches / is_all_case_types = true (the same
-- convention as mart_satisfaction_monthly). Rates are over the cases whose callback was due
-- by the observation date; cases without a branch are reported as 'unspecified'.
{%- set dimensions = {'branch_id': 'is_all_branches', 'case_type': 'is_all_case_types'} %}
{%- set measures %}
    {{ count_where('true') }} as cases,
    {{ count_where('is_due') }} as cases_due,
    {{ count_where('is_due and was_called_back') }} as called_back,
    {{ count_where('is_due and is_called_back_within_sla') }} as called_back_within_sla,
    {{ count_where('is_due and is_reached') }} as reached,
    {{ count_where('is_due and is_recovered') }} as recovered,
    {{ count_where('is_due and is_recovered and is_retained_90d is not null') }}
        as retention_recovered_cases,
    {{ count_where('is_due and is_recovered and is_retained_90d') }} as retained_recovered,
    {{ count_where('is_due and not is_recovered and is_retained_90d is not null') }}
        as retention_unrecovered_cases,
    {{ count_where('is_due and not is_recovered and is_retained_90d') }}
        as retained_unrecovered
{%- endset %}
with

cases as (
    select * from {{ ref('int_closed_loop_cases') }}
),

cases_prepared as (
    select
        case_month,
        case_type,
        is_due,
        was_called_back,
        is_reached,
        is_recovered,
        is_retained_90d,
        coalesce(branch_id, 'unspecified') as branch_id,
        coalesce(is_called_back_within_sla, false) as is_called_back_within_sla
    from cases
),

cells as (
    {{ rollup_cells('cases_prepared', 'case_month', dimensions, measures) }}
),

final as (
    select
        case_month,
        branch_id,
        case_type,
        is_all_branches,
        is_all_case_types,
        cases,
        cases - cases_due as cases_not_yet_due,
        cases_due,
        called_back,
        {{ safe_ratio('called_back', 'cases_due') }} as called_back_share,
        called_back_within_sla,
        {{ safe_ratio('called_back_within_sla', 'cases_due') }} as called_back_within_sla_share,
        reached,
        {{ safe_ratio('reached', 'called_back') }} as reach_rate,
        recovered,
        {{ safe_ratio('recovered', 'cases_due') }} as recovered_share,
        {{ safe_ratio('recovered', 'reached') }} as recovery_rate,
        retention_recovered_cases,
        retained_recovered,
        {{ safe_ratio('retained_recovered', 'retention_recovered_cases') }}
            as retention_90d_recovered,
        retention_unrecovered_cases,
        retained_unrecovered,
        {{ safe_ratio('retained_unrecovered', 'retention_unrecovered_cases') }}
            as retention_90d_unrecovered
    from cells
)

select * from final
