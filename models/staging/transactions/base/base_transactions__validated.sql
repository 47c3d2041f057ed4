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

stored as (
    select * from {{ this }}
),

new_landed as (
    select * from landed
    where _load_id not in (select distinct stored._load_id from stored)
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

rebuilt_loads as (
    select distinct new_landed._load_id
    from new_landed

    union

    select distinct stored._load_id
    from stored
    inner join new_keys
        on stored.transaction_id = new_keys.transaction_id
    where {{ key_is_valid.replace('reject_reason', 'stored.reject_reason') }}
),

batch_landed as (
    select * from landed
    where _load_id in (select rebuilt_loads._load_id from rebuilt_loads)
),

batch_validated as (
    {{ validate_landed_rows('batch_landed', 'transactions') }}
),

-- valid keys of the batch that a later load outside the batch delivers again
superseded as (
    select distinct
        batch_validated.transaction_id,
        batch_validated._load_id
    from batch_validated
    inner join stored
        on
            batch_validated.transaction_id = stored.transaction_id
            and batch_validated._load_id < stored._load_id
    where
        batch_validated.reject_reason is null
        and {{ key_is_valid.replace('reject_reason', 'stored.reject_reason') }}
        and stored._load_id not in (select rebuilt_loads._load_id from rebuilt_loads)
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
