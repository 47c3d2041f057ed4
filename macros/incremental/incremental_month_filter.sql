{#
    Incremental month filter of the monthly models (loyalty, customer value): on an incremental
    run, keep
      - the months after the last stored one (new months);
      - every month from the earliest month that holds an input row written since the model
        was last built (`changed_inputs`, macro first_changed_month): late rows, re-delivered
        versions and rebuilt loads reach every month they change, however old;
      - the last var activity_restate_months stored months (default 0), for changes no
        tracked input shows.
    On a full build, `true`, or the first of the model's `month_batches` (macro
    full_build_month_batches; the others are inserted by macro insert_month_batches).
    `stored_column` is the month column of the model's own table ({{ this }}); `lookback_months`
    moves the lower bound that many months further back, for an input a rebuilt month reads
    history from (a trailing 12-month sum reads the 11 months before it). Pass the same
    `changed_inputs` to every call of a model, so its CTEs agree on the months rebuilt.

    Usage: where {{ incremental_month_filter('month_end_date', changed_inputs=tracked) }}
           where {{ incremental_month_filter(
               'month_start', 'month_start', lookback_months=11, changed_inputs=tracked
           ) }}
#}
{% macro incremental_month_filter(
    month_column,
    stored_column='month_end_date',
    lookback_months=0,
    changed_inputs=[],
    month_batches=[]
) -%}
    {%- if is_incremental() -%}
        {%- set restated_after = 'cast(' ~ dbt.dateadd(
            'month',
            -1 * (var('activity_restate_months', 0) + lookback_months),
            'stored.last_stored_month'
        ) ~ ' as date)' -%}
        {%- if changed_inputs -%}
            {#- the day before the first month rebuilt for the changes (less the lookback) -#}
            {%- set changed_after = 'cast(' ~ dbt.dateadd(
                'day',
                -1,
                dbt.dateadd('month', -1 * lookback_months, first_changed_month(changed_inputs))
            ) ~ ' as date)' -%}
            {#- changed_after once: it holds the scalar subquery over the inputs -#}
            {%- set lower_bound = 'least(coalesce(' ~ changed_after ~ ', ' ~ restated_after
                ~ '), ' ~ restated_after ~ ')' -%}
        {%- else -%}
            {%- set lower_bound = restated_after -%}
        {%- endif -%}
        {%- set bound_sql -%}
            select {{ lower_bound }} as lower_bound
            from (select max({{ stored_column }}) as last_stored_month from {{ this }}) as stored
        {%- endset -%}
        {%- if execute and model.resource_type != 'unit_test' -%}
            {#- the bound as a constant, queried when the model runs: one small query, and a
                plain date filter that every engine pushes into its scans (Spark inlines a
                CTE at every reference, and a subquery there with it) -#}
            {%- set lower_bound_on = run_query(bound_sql).columns[0].values()[0] -%}
            {%- if lower_bound_on is none -%}
                1 = 0
            {%- else -%}
                {{ month_column }} > cast('{{ (lower_bound_on | string)[:10] }}' as date)
            {%- endif -%}
        {%- else -%}
            {#- a unit test's inputs are fixtures inside the test's SQL: the bound stays a
                subquery there -#}
            {{ month_column }} > ({{ bound_sql }})
        {%- endif -%}
    {%- else -%}
        {{ month_batch_filter(month_column, month_batches, lookback_months) }}
    {%- endif -%}
{%- endmacro %}


{#
    The first day of the earliest month holding an input row written after the model's last
    build: a row whose `_written_at` (macro written_at_column) is later than the latest one
    stored in {{ this }}. Null when no input changed. Only for incremental runs.

    `changed_inputs` lists [relation, date expression] pairs: an incremental model with a
    `_written_at` column (or a subquery exposing one, aliased by the macro), and the date of a
    row that places it in a month (occurred_at, month, received_at, ...). Rows whose date is
    null (rejects) place nothing.

    Usage: first_changed_month([[ref('base_transactions__validated'), 'occurred_at']])
#}
{% macro first_changed_month(changed_inputs) -%}
    (
        select
            cast({{ dbt.date_trunc('month', 'min(changed_on)') }} as date)
        from (
            {%- for changed_input in changed_inputs %}
            select min(cast({{ changed_input[1] }} as date)) as changed_on
            from {{ changed_input[0] }} as changed_input
            where changed_input._written_at > (select max(_written_at) from {{ this }})
            {%- if not loop.last %}
            union all
            {%- endif %}
            {%- endfor %}
        ) as changed_inputs
    )
{%- endmacro %}


{#
    The `changed_inputs` of a monthly model (incremental_month_filter, first_changed_month):
    [relation, date expression] pairs for the models listed as [model name, date column], or
    [model name, date column, [model, key]] for a model whose rows take their date from
    another one (survey answers from their response). The refs are called when dbt parses (so
    the lineage records them) and on incremental runs; a full build and a unit test (which
    build from scratch) get [] and read none of them.

    Usage: {%- set tracked = tracked_inputs([
               ['base_transactions__validated', 'occurred_at'],
               ['base_survey_answers__validated', 'responded_at',
                   ['stg_survey_responses__responses', 'response_id']],
           ]) %}
#}
{% macro tracked_inputs(inputs) -%}
    {%- if execute and not is_incremental() -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set tracked = [] -%}
    {%- for input in inputs -%}
        {%- if input | length > 2 -%}
            {%- set dated_by, key = input[2][0], input[2][1] -%}
            {%- set rows_with_dates -%}
                (
                    select
                        tracked_rows._written_at,
                        dated_rows.{{ input[1] }}
                    from {{ ref(input[0]) }} as tracked_rows
                    inner join {{ ref(dated_by) }} as dated_rows
                        on tracked_rows.{{ key }} = dated_rows.{{ key }}
                )
            {%- endset -%}
            {%- do tracked.append([rows_with_dates, input[1]]) -%}
        {%- else -%}
            {%- do tracked.append([ref(input[0]), input[1]]) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(tracked) }}
{%- endmacro %}
