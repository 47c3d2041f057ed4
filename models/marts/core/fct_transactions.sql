-- One row per valid transaction. Incremental by day: a run rebuilds every day that holds a
-- winning row of a load not yet in the table, or an earlier version of a key such a load
-- re-delivers (that version is now a duplicate_key reject), and replaces those days whole
-- (partition_replace_config on occurred_on). So a daily file rewrites its own day, not the
-- month so far. --full-refresh gives the same rows.
{{
    config(
        materialized='incremental',
        on_schema_change='fail',
        **partition_replace_config('occurred_on')
    )
}}
{%- set day_of = "cast(occurred_at as date)" %}
with

staged as (
    select * from {{ ref('stg_transactions__transactions') }}
),

{% if is_incremental() %}

-- Each import below is read once: DuckDB materialises a CTE that is read more than once,
-- which for the whole staged or stored facts would copy every column of every row.
staged_loads as (
    select
        transaction_id,
        occurred_at,
        _load_id
    from {{ ref('stg_transactions__transactions') }}
),

stored_loads as (
    select distinct load_id from {{ this }}
),

stored_days as (
    select
        transaction_id,
        occurred_on
    from {{ this }}
),

new_rows as (
    select
        transaction_id,
        {{ day_of }} as occurred_on
    from staged_loads
    where _load_id not in (select stored_loads.load_id from stored_loads)
),

rebuilt_days as (
    select distinct new_rows.occurred_on
    from new_rows

    union

    select distinct stored_days.occurred_on
    from stored_days
    inner join new_rows
        on stored_days.transaction_id = new_rows.transaction_id
),

{% endif %}

transactions as (
    select * from staged
    {% if is_incremental() %}
        -- the range first: bounds on the column itself let the engine skip the stored blocks
        -- outside the rebuilt days (DuckDB's zone maps), where the day list alone reads every
        -- row (1.0 s against 0.3 s for a day at 1M customers)
        where
            occurred_at >= (
                select cast(min(rebuilt_days.occurred_on) as timestamp) from rebuilt_days
            )
            and occurred_at < (
                select cast({{ dbt.dateadd('day', 1, 'max(rebuilt_days.occurred_on)') }} as timestamp)
                from rebuilt_days
            )
            and {{ day_of }} in (select rebuilt_days.occurred_on from rebuilt_days)
    {% endif %}
),

final as (
    -- Text columns cast to the contract's varchar: on PostgreSQL computed text is `text`, which
    -- an incremental run with on_schema_change='fail' would refuse as a changed type.
    select
        occurred_at,
        amount,
        cast(transaction_id as {{ type_varchar() }}) as transaction_id,
        cast(customer_id as {{ type_varchar() }}) as customer_id,
        {{ day_of }} as occurred_on,
        cast({{ dbt.date_trunc('month', 'occurred_at') }} as date) as transaction_month,
        cast(channel as {{ type_varchar() }}) as channel,
        cast(transaction_type as {{ type_varchar() }}) as transaction_type,
        cast(coalesce(fee_amount, 0) as {{ contract_decimal_type() }}) as fee_amount,
        cast(branch_id as {{ type_varchar() }}) as branch_id,
        cast(employee_id as {{ type_varchar() }}) as employee_id,
        cast(upper(currency) as {{ type_varchar() }}) as currency,
        -- fee and interest are bank-initiated: they never count as customer activity (SPEC 1).
        transaction_type not in ('fee', 'interest') as is_customer_initiated,
        _load_id as load_id,
        {{ invocation_id_column() }},
        {{ written_at_column() }}
    from transactions
)

select * from final
