{#
    The month batches of a monthly model's full build: the boundaries (month starts, as
    'YYYY-MM-DD' strings) that cut the months of `months_relation.month_column` into batches
    of var full_build_batch_months months (default 1), opened at both ends ('0001-01-01' before
    the first, '9999-12-31' after the last), so that every month lies in exactly one batch
    whatever months the model builds. [] means one statement: on incremental runs, in unit
    tests, outside `dbt run` / `dbt build` (compile, show, the linter), when the relation is
    not built yet or holds one batch's months, and on every adapter but DuckDB.

    Why DuckDB: a full build of the activity and value models at 1M customers joins and
    aggregates 11M customer months in one statement; its hash tables outgrow the memory limit
    and spill, and its time grows faster than its input. A month per statement keeps each
    statement's tables at the size of one month (macro insert_month_batches runs the others).
    Spark and PostgreSQL plan the one statement across their own workers and memory.

    Usage: {%- set month_batches = full_build_month_batches(
               ref('fct_transactions'), 'transaction_month'
           ) %}
           ... where {{ incremental_month_filter(
               'month_start', 'month_start', changed_inputs=tracked,
               month_batches=month_batches
           ) }}
    with config(post_hook="{{ insert_month_batches() }}").
#}
{% macro full_build_month_batches(months_relation, month_column) -%}
    {{ return(adapter.dispatch('full_build_month_batches', 'cx_warehouse')(
        months_relation, month_column
    )) }}
{%- endmacro %}

{% macro default__full_build_month_batches(months_relation, month_column) -%}
    {{ return([]) }}
{%- endmacro %}

{% macro duckdb__full_build_month_batches(months_relation, month_column) -%}
    {%- set months_per_batch = var('full_build_batch_months', 1) | int -%}
    {%- if not execute or months_per_batch < 1 or is_incremental()
        or model.resource_type == 'unit_test' or flags.WHICH not in ['run', 'build'] -%}
        {{ return([]) }}
    {%- endif -%}
    {%- if load_relation(months_relation) is none -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set range_sql -%}
        select
            cast({{ dbt.date_trunc('month', 'min(' ~ month_column ~ ')') }} as date),
            cast({{ dbt.date_trunc('month', 'max(' ~ month_column ~ ')') }} as date)
        from {{ months_relation }}
    {%- endset -%}
    {%- set month_range = run_query(range_sql).rows[0] -%}
    {%- if month_range[0] is none -%}
        {{ return([]) }}
    {%- endif -%}
    {#- months counted from year 0, so that a batch boundary is a whole number of months -#}
    {%- set first_month = month_range[0].year * 12 + month_range[0].month - 1 -%}
    {%- set last_month = month_range[1].year * 12 + month_range[1].month - 1 -%}
    {%- set boundaries = ['0001-01-01'] -%}
    {%- for month in range(first_month + months_per_batch, last_month + 1, months_per_batch) -%}
        {%- do boundaries.append(
            modules.datetime.date(month // 12, month % 12 + 1, 1).isoformat()
        ) -%}
    {%- endfor -%}
    {%- do boundaries.append('9999-12-31') -%}
    {{ return(boundaries if boundaries | length > 2 else []) }}
{%- endmacro %}


{#
    The filter of one month batch (macro full_build_month_batches) on `month_column` (a month
    start or a month end): the first batch, `true` with no batches. Its bounds are date
    literals tagged with a comment, and the batch list is written after it, so that macro
    insert_month_batches can run the same SQL for the other batches by replacing the bounds.
    `lookback_months` moves the lower bound that many months back (incremental_month_filter).
#}
{% macro month_batch_filter(month_column, month_batches, lookback_months=0) -%}
    {%- if month_batches | length < 3 -%}
        true
    {%- else -%}
        {%- set batch_from = month_batch_bound(month_batches[0], 'from') -%}
        {%- if lookback_months -%}
            {%- set batch_from = 'cast(' ~ dbt.dateadd(
                'month', -1 * lookback_months, batch_from
            ) ~ ' as date)' -%}
        {%- endif -%}
        (
            {{ month_column }} >= {{ batch_from }}
            and {{ month_column }} < {{ month_batch_bound(month_batches[1], 'to') }}
        ) /* cx_month_batches: {{ month_batches | join(' ') }} */
    {%- endif -%}
{%- endmacro %}


{#- a month batch's bound as it is written in the SQL: a date literal and its tag -#}
{% macro month_batch_bound(boundary, side) -%}
    cast('{{ boundary }}' as date) /* cx_month_batch_{{ side }} */
{%- endmacro %}


{#
    Post-hook of a model built in month batches: the model's statement built the first batch
    (macro month_batch_filter); this inserts the others into {{ this }}, one statement each,
    with the model's compiled SQL and the bounds of the batch in place of the first batch's.
    Does nothing when the SQL holds no batch list (incremental runs, one statement). Runs in
    the model's transaction: a failed batch leaves the table as it was before the build.

    Usage: config(post_hook="{{ insert_month_batches() }}")
#}
{% macro insert_month_batches() -%}
    {%- set compiled = model.compiled_code if execute else none -%}
    {%- set plan_tag = '/* cx_month_batches: ' -%}
    {%- if not compiled or plan_tag not in compiled -%}
        {{ return('') }}
    {%- endif -%}
    {%- set month_batches = compiled.split(plan_tag)[1].split(' */')[0].split(' ') -%}
    {%- set first_from = month_batch_bound(month_batches[0], 'from') -%}
    {%- set first_to = month_batch_bound(month_batches[1], 'to') -%}
    {%- for batch in range(1, month_batches | length - 1) -%}
        {%- set batch_sql = compiled
            | replace(first_from, month_batch_bound(month_batches[batch], 'from'))
            | replace(first_to, month_batch_bound(month_batches[batch + 1], 'to')) -%}
        {%- do run_query(
            'insert into ' ~ this ~ '\nselect * from (\n' ~ batch_sql ~ '\n) as month_batch'
        ) -%}
    {%- endfor -%}
    {%- do log(
        model.name ~ ': full build in ' ~ (month_batches | length - 1) ~ ' month batches',
        info=true
    ) -%}
    {{ return('') }}
{%- endmacro %}
