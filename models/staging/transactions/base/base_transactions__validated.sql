-- Every landed transaction row, validated (macro validate_landed_rows). Incremental by load:
-- a run validates the loads that are new since the last run, plus every stored load that
-- holds an earlier version of a key they re-deliver (its row becomes a duplicate_key reject),
-- and replaces those loads whole (partition_replace_config on _load_id). A key of those loads
-- that a later stored load, not rebuilt, delivers again stays a duplicate_key reject.
-- --full-refresh validates every load with the same macro and gives the same rows.
{{
    config(
        materialized='incremental',
        on_schema_change='fail',
        **partition_replace_config('_load_id')
    )
}}
{%- set key_is_valid = "(reject_reason is null or reject_reason = 'duplicate_key')" %}
with

landed as (
    select * from {{ source('transactions', 'transactions') }}
),

{% if is_incremental() %}

-- Each import below is read once: DuckDB materialises a CTE that is read more than once,
-- which for the whole raw or stored table would copy every column of every row. A load is
-- picked by joining its id (a small set), so the scans skip the other loads' row groups.
landed_loads as (
    select distinct _load_id from {{ source('transactions', 'transactions') }}
),

stored_loads as (
    select distinct _load_id from {{ this }}
),

new_loads as (
    select landed_loads._load_id
    from landed_loads
    where landed_loads._load_id not in (select stored_loads._load_id from stored_loads)
),

new_landed as (
    select landed_new.*
    from {{ source('transactions', 'transactions') }} as landed_new
    inner join new_loads
        on landed_new._load_id = new_loads._load_id
),

new_validated as (
    {{ validate_landed_rows('new_landed', 'transactions') }}
),

-- keys the new loads deliver with a valid row: every stored version of them is re-judged
new_keys as (
    select distinct transaction_id
    from new_validated
    where {{ key_is_valid }}
),

stored_versions as (
    select
        transaction_id,
        _load_id
    from {{ this }}
    where {{ key_is_valid }}
),

rebuilt_loads as (
    select new_loads._load_id
    from new_loads

    union

    select distinct stored_versions._load_id
    from stored_versions
    inner join new_keys
        on stored_versions.transaction_id = new_keys.transaction_id
),

batch_landed as (
    select landed.*
    from landed
    inner join rebuilt_loads
        on landed._load_id = rebuilt_loads._load_id
),

batch_validated as (
    {{ validate_landed_rows('batch_landed', 'transactions') }}
),

later_versions as (
    select
        transaction_id,
        _load_id
    from {{ this }}
    where {{ key_is_valid }}
),

-- valid keys of the batch that a later load outside the batch delivers again
superseded as (
    select distinct
        batch_validated.transaction_id,
        batch_validated._load_id
    from batch_validated
    inner join later_versions
        on
            batch_validated.transaction_id = later_versions.transaction_id
            and batch_validated._load_id < later_versions._load_id
    where
        batch_validated.reject_reason is null
        and later_versions._load_id not in (select rebuilt_loads._load_id from rebuilt_loads)
),

{% endif %}

validated as (
    {% if is_incremental() %}
        select
            {% for column in adapter.get_columns_in_relation(this)
                if column.name | lower != 'reject_reason' -%}
            batch_validated.{{ adapter.quote(column.name) }},
            {% endfor -%}
            case
                when superseded.transaction_id is not null then 'duplicate_key'
                else batch_validated.reject_reason
            end as reject_reason
        from batch_validated
        left join superseded
            on
                batch_validated.transaction_id = superseded.transaction_id
                and batch_validated._load_id = superseded._load_id
    {% else %}
        {{ validate_landed_rows('landed', 'transactions') }}
    {% endif %}
)

select * from validated
