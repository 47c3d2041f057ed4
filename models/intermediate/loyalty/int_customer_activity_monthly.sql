-- One row per open customer per month end: the behaviour and experience the loyalty rules
-- read (SPEC section 2). Customer-initiated transactions only. Incremental: a run appends the
-- month ends after the last stored one, and recomputes every month end from the earliest
-- month holding a row of `tracked` written since its last build (macro
-- incremental_month_filter); --full-refresh rebuilds every month end with the same SQL, a
-- month per statement on DuckDB (macro full_build_month_batches).
{{
    config(
        materialized='incremental',
        on_schema_change='fail',
        post_hook="{{ insert_month_batches() }}",
        **partition_replace_config('month_end_date')
    )
}}
{%- set activity_days = var('activity_window_days', 90) %}
{%- set survey_days = var('survey_lookback_days', 180) %}
{%- set complaint_days = var('complaint_lookback_days', 90) %}
{%- set history_days = [2 * activity_days, survey_days, complaint_days] | max %}
{#- the inputs whose rows place a change in a month: a month end reads the rows dated up to it
    (windows, latest scores, complaint states, balances) and the customers open at it (macro
    tracked_inputs: read on incremental runs only). -#}
{%- set tracked = tracked_inputs([
    ['base_transactions__validated', 'occurred_at'],
    ['base_balances__validated', 'month'],
    ['base_survey_responses__validated', 'responded_at'],
    ['base_survey_answers__validated', 'responded_at',
        ['stg_survey_responses__responses', 'response_id']],
    ['base_complaints__validated', 'received_at'],
    ['base_callbacks__validated', 'attempted_at'],
    ['base_customers__validated', 'customer_since'],
]) %}
{%- set month_batches = full_build_month_batches(ref('fct_transactions'), 'occurred_on') %}
{%- set balance_lookback = var('balance_lookback_months', 3) %}
{%- set tenure = dbt.datediff(
    'customer_months.customer_since', 'customer_months.month_end_date', 'day'
) %}
with

customers as (
    select * from {{ ref('dim_customers') }}
),

dates as (
    select * from {{ ref('dim_date') }}
),

transactions as (
    select * from {{ ref('fct_transactions') }}
    where is_customer_initiated
),

-- the same transactions for the recency (a separate import: DuckDB materialises a CTE that is
-- read more than once)
recency_transactions as (
    select
        customer_id,
        occurred_on
    from {{ ref('fct_transactions') }}
    where is_customer_initiated
),

-- the snapshots of the months being built and of the months the balance drop compares with
balances as (
    select * from {{ ref('stg_balances__balances') }}
    where {{ incremental_month_filter(
        'month',
        lookback_months=balance_lookback,
        changed_inputs=tracked,
        month_batches=month_batches
    ) }}
),

responses as (
    select * from {{ ref('fct_survey_responses') }}
    where is_customer_instrument and customer_id is not null
),

complaints as (
    select * from {{ ref('fct_complaints') }}
),

callbacks as (
    select * from {{ ref('fct_callbacks') }}
    where case_type = 'complaint'
),

observation as (
    select * from {{ ref('int_observation_window') }}
),

-- from the facts directly, not the transactions import: DuckDB materialises a CTE that is
-- read more than once
data_start as (
    select min(occurred_on) as data_start_on
    from {{ ref('fct_transactions') }}
    where is_customer_initiated
),

month_ends as (
    select distinct
        dates.month_start_date as month_start,
        dates.month_end_date,
        data_start.data_start_on
    from dates
    cross join observation
    cross join data_start
    where
        dates.month_end_date <= observation.observed_through_on
        and dates.month_end_date >= data_start.data_start_on
        and {{ incremental_month_filter(
            'dates.month_end_date', changed_inputs=tracked, month_batches=month_batches
        ) }}
),

customer_months as (
    select
        customers.customer_id,
        customers.home_branch_id,
        customers.tier,
        customers.customer_since,
        month_ends.month_start,
        month_ends.month_end_date,
        month_ends.data_start_on
    from customers
    inner join month_ends
        on
            customers.customer_since <= month_ends.month_end_date
            and (
                customers.closed_on is null
                or customers.closed_on > month_ends.month_end_date
            )
),

-- transactions in the activity windows of each month end M: recent (M - N, M] and prior
-- (M - 2N, M - N]. The three bounds of every month end being built cut the calendar into
-- segments (one bound, the next bound], and a segment lies wholly inside or wholly outside
-- each window. So a customer's activity is summed once per segment, and each segment's sums
-- are added to the windows that hold it: joins on equal keys and aggregates, whose work grows
-- with the rows (a running total over every customer's timeline sorted 50M rows at 1M
-- customers, and its time grew 18x for 10x the input).
window_bounds as (
    select month_end_date as bound_on
    from month_ends
    union all
    select {{ days_before('month_end_date', activity_days) }} as bound_on
    from month_ends
    union all
    select {{ days_before('month_end_date', 2 * activity_days) }} as bound_on
    from month_ends
),

earliest_bound as (
    select min(bound_on) as earliest_bound_on
    from window_bounds
),

-- the days with customer-initiated activity after the earliest bound (days before it are in no
-- window); from the facts directly, as data_start is
activity_dates as (
    select distinct fct_transactions.occurred_on
    from {{ ref('fct_transactions') }} as fct_transactions
    cross join earliest_bound
    where
        fct_transactions.is_customer_initiated
        and fct_transactions.occurred_on > earliest_bound.earliest_bound_on
),

-- each of those days with the segment holding it, named by the segment's last day (the first
-- bound on or after the day)
activity_day_segments as (
    select
        activity_days.occurred_on,
        min(window_bounds.bound_on) as segment_end_on
    from activity_dates as activity_days
    inner join window_bounds
        on activity_days.occurred_on <= window_bounds.bound_on
    group by activity_days.occurred_on
),

-- the windows each segment lies in
segment_windows as (
    select
        segments.segment_end_on,
        month_ends.month_end_date,
        segments.segment_end_on
        > {{ days_before('month_ends.month_end_date', activity_days) }} as is_recent
    from (select distinct segment_end_on from activity_day_segments) as segments
    inner join month_ends
        on
            segments.segment_end_on <= month_ends.month_end_date
            and segments.segment_end_on
            > {{ days_before('month_ends.month_end_date', 2 * activity_days) }}
),

-- a customer's activity per segment, in one aggregate of the transactions (a day joins the
-- segment holding it; days after the last bound are in none)
segment_activity as (
    select
        transactions.customer_id,
        activity_day_segments.segment_end_on,
        count(*) as transaction_count,
        sum(transactions.amount) as transaction_amount
    from transactions
    inner join activity_day_segments
        on transactions.occurred_on = activity_day_segments.occurred_on
    group by transactions.customer_id, activity_day_segments.segment_end_on
),

window_activity as (
    select
        segment_activity.customer_id,
        segment_windows.month_end_date,
        {{ sum_where('segment_windows.is_recent', 'segment_activity.transaction_count') }}
            as transactions_recent,
        {{ sum_where('not segment_windows.is_recent', 'segment_activity.transaction_count') }}
            as transactions_prior,
        {{ sum_where('segment_windows.is_recent', 'segment_activity.transaction_amount') }}
            as amount_recent,
        {{ sum_where('not segment_windows.is_recent', 'segment_activity.transaction_amount') }}
            as amount_prior
    from segment_activity
    inner join segment_windows
        on segment_activity.segment_end_on = segment_windows.segment_end_on
    group by segment_activity.customer_id, segment_windows.month_end_date
),

-- last activity on or before each month end, however long ago: a running max over the
-- customer's months with activity and the month ends being built. The months before the first
-- month being built are one bucket, the month before it: an incremental run reads one last
-- activity per customer from the earlier history, not every month of it. Days after the last
-- month end being built reach no month end (and with no month end to build, no day does).
months_built as (
    select
        min(month_start) as first_month_start,
        max(month_end_date) as last_month_end_date
    from month_ends
),

activity_months as (
    select
        recency_transactions.customer_id,
        recency_transactions.occurred_on,
        case
            when recency_transactions.occurred_on < months_built.first_month_start
                then cast({{ dbt.dateadd('month', -1, 'months_built.first_month_start') }} as date)
            else cast({{ dbt.date_trunc('month', 'recency_transactions.occurred_on') }} as date)
        end as month_start
    from recency_transactions
    cross join months_built
    where recency_transactions.occurred_on <= months_built.last_month_end_date
),

monthly_last_activity as (
    select
        customer_id,
        month_start,
        false as is_output_row,
        max(occurred_on) as last_activity_on
    from activity_months
    group by customer_id, month_start
),

recency_timeline as (
    select
        customer_id,
        month_start,
        last_activity_on,
        is_output_row
    from monthly_last_activity
    union all
    select
        customer_id,
        month_start,
        cast(null as date) as last_activity_on,
        true as is_output_row
    from customer_months
),

recency as (
    select
        customer_id,
        month_start,
        is_output_row,
        max(last_activity_on) over (
            partition by customer_id
            order by month_start, is_output_row
            rows between unbounded preceding and current row
        ) as last_activity_on
    from recency_timeline
),

-- NPS and CSAT answers as (kind, score) rows, to take the latest of each kind in one pass
survey_scores as (
    select
        customer_id,
        response_id,
        responded_at,
        responded_on,
        'nps' as score_kind,
        nps_score as score,
        nps_category
    from responses
    where nps_score is not null
    union all
    select
        customer_id,
        response_id,
        responded_at,
        responded_on,
        'csat' as score_kind,
        csat_score as score,
        cast(null as {{ dbt.type_string() }}) as nps_category
    from responses
    where csat_score is not null
),

latest_scores as (
    select
        customer_months.customer_id,
        customer_months.month_end_date,
        survey_scores.score_kind,
        survey_scores.score,
        survey_scores.nps_category,
        survey_scores.responded_on,
        row_number() over (
            partition by
                customer_months.customer_id,
                customer_months.month_end_date,
                survey_scores.score_kind
            order by survey_scores.responded_at desc, survey_scores.response_id desc
        ) as recency_rank
    from customer_months
    inner join survey_scores
        on
            customer_months.customer_id = survey_scores.customer_id
            and customer_months.month_end_date >= survey_scores.responded_on
            and {{ days_before('customer_months.month_end_date', survey_days) }}
            < survey_scores.responded_on
),

-- complaints received in the complaint window, with their state as of the month end
recent_complaints as (
    select
        customer_months.customer_id,
        customer_months.month_end_date,
        complaints.complaint_id,
        {{ complaint_is_open_as_of(
            'complaints.received_at', 'complaints.resolved_at', 'customer_months.month_end_date'
        ) }} as is_open,
        {{ complaint_is_breached_as_of(
            'complaints.received_at',
            'complaints.resolved_at',
            'complaints.resolve_deadline_at',
            'customer_months.month_end_date'
        ) }} as is_breached
    from customer_months
    inner join complaints
        on
            customer_months.customer_id = complaints.customer_id
            and customer_months.month_end_date >= complaints.received_on
            and {{ days_before('customer_months.month_end_date', complaint_days) }}
            < complaints.received_on
),

-- callbacks on those complaints made by the month end: reached and not recovered, and recovered
complaint_callbacks as (
    select
        recent_complaints.customer_id,
        recent_complaints.month_end_date,
        recent_complaints.complaint_id,
        {{ count_where('callbacks.is_reached and not callbacks.is_recovered') }}
            as unsatisfied_callbacks,
        {{ count_where('callbacks.is_recovered') }} as recovered_callbacks
    from recent_complaints
    inner join callbacks
        on
            recent_complaints.complaint_id = callbacks.case_id
            and recent_complaints.month_end_date >= callbacks.attempted_on
    group by
        recent_complaints.customer_id,
        recent_complaints.month_end_date,
        recent_complaints.complaint_id
),

complaint_status as (
    select
        recent_complaints.customer_id,
        recent_complaints.month_end_date,
        count(*) as complaints_recent,
        {{ count_where('recent_complaints.is_open') }} as open_complaints_recent,
        {{ count_where('recent_complaints.is_breached') }} as breached_complaints_recent,
        {{ count_where(
            'complaint_callbacks.unsatisfied_callbacks > 0'
            ~ ' and complaint_callbacks.recovered_callbacks = 0'
        ) }} as unsatisfied_callback_complaints_recent
    from recent_complaints
    left join complaint_callbacks
        on
            recent_complaints.customer_id = complaint_callbacks.customer_id
            and recent_complaints.month_end_date = complaint_callbacks.month_end_date
            and recent_complaints.complaint_id = complaint_callbacks.complaint_id
    group by recent_complaints.customer_id, recent_complaints.month_end_date
),

final as (
    select
        customer_months.customer_id,
        customer_months.month_start,
        customer_months.month_end_date,
        customer_months.home_branch_id,
        customer_months.tier,
        customer_months.customer_since,
        cast({{ tenure }} as {{ dbt.type_int() }}) as tenure_days,
        {{ tenure }} < {{ var('new_customer_days', 90) }} as is_new,
        recency.last_activity_on,
        cast(
            {{ dbt.datediff('recency.last_activity_on', 'customer_months.month_end_date', 'day') }}
            as {{ dbt.type_int() }}
        ) as days_since_last_activity,
        cast(coalesce(window_activity.transactions_recent, 0) as {{ dbt.type_bigint() }})
            as transactions_recent,
        cast(coalesce(window_activity.transactions_prior, 0) as {{ dbt.type_bigint() }})
            as transactions_prior,
        coalesce(window_activity.amount_recent, 0) as amount_recent,
        coalesce(window_activity.amount_prior, 0) as amount_prior,
        coalesce(window_activity.transactions_recent, 0) > 0 as is_active,
        balances_now.deposit_balance,
        balances_before.deposit_balance as deposit_balance_before,
        balances_now.loan_balance,
        balances_now.products_held,
        latest_nps.score as latest_nps_score,
        latest_nps.nps_category as latest_nps_category,
        latest_nps.responded_on as latest_nps_on,
        latest_csat.score as latest_csat_score,
        latest_csat.responded_on as latest_csat_on,
        cast(coalesce(complaint_status.complaints_recent, 0) as {{ dbt.type_bigint() }})
            as complaints_recent,
        coalesce(complaint_status.open_complaints_recent, 0) as open_complaints_recent,
        coalesce(complaint_status.breached_complaints_recent, 0) as breached_complaints_recent,
        coalesce(complaint_status.unsatisfied_callback_complaints_recent, 0)
            as unsatisfied_callback_complaints_recent,
        {{ days_before('customer_months.month_end_date', history_days) }}
        >= customer_months.data_start_on as has_full_history,
        {{ invocation_id_column() }},
        {{ written_at_column() }}
    from customer_months
    left join window_activity
        on
            customer_months.customer_id = window_activity.customer_id
            and customer_months.month_end_date = window_activity.month_end_date
    left join recency
        on
            customer_months.customer_id = recency.customer_id
            and customer_months.month_start = recency.month_start
            and recency.is_output_row
    left join balances as balances_now
        on
            customer_months.customer_id = balances_now.customer_id
            and customer_months.month_start = balances_now.month
    left join balances as balances_before
        on
            customer_months.customer_id = balances_before.customer_id
            and balances_before.month = cast(
                {{ dbt.dateadd(
                    'month',
                    -1 * balance_lookback,
                    'customer_months.month_start'
                ) }} as date
            )
    left join latest_scores as latest_nps
        on
            customer_months.customer_id = latest_nps.customer_id
            and customer_months.month_end_date = latest_nps.month_end_date
            and latest_nps.score_kind = 'nps'
            and latest_nps.recency_rank = 1
    left join latest_scores as latest_csat
        on
            customer_months.customer_id = latest_csat.customer_id
            and customer_months.month_end_date = latest_csat.month_end_date
            and latest_csat.score_kind = 'csat'
            and latest_csat.recency_rank = 1
    left join complaint_status
        on
            customer_months.customer_id = complaint_status.customer_id
            and customer_months.month_end_date = complaint_status.month_end_date
)

select * from final
