{#
    validate_new_loads(landed, source_name, table_name, row_rules, context_columns)

    validate_landed_rows for a base_<source>__validated model that is incremental by load
    (_load_id). The arguments are those of validate_landed_rows: `landed` is the relation or
    CTE name of every landed row (with the lookup columns already joined, if the row_rules
    need them), the contract (primary key included, composite or not) comes from the source
    YAML through landing_contract.

    A full build (and parse time) is validate_landed_rows of every landed row. An incremental
    run first asks the source table for the loads not stored yet (a small query when the
    model runs, as incremental_month_filter asks for its bound); with none, it selects no row
    and reads nothing else (a daily refresh where only some sources deliver). Otherwise it
    selects whole loads, for partition_replace_config('_load_id') to replace:
      - the new loads: those not stored yet;
      - every stored load that holds a valid version (reject_reason null or duplicate_key) of a
        key the new loads deliver with a valid row: that version may lose its key now.
    The batch of those loads is validated together by validate_landed_rows, so the latest
    valid version of a key among them wins and the others are duplicate_key; then a winner is
    made duplicate_key too when a later stored load, not rebuilt, holds a valid version of its
    key. Stored loads outside the batch keep their rows: none of their keys gets a new valid
    version. So the table equals a full build of the same landed rows (and lookups).

    Keys are matched with plain equality: a row is valid only if every required column is
    present and parses, and every primary-key column must be required (checked here), so the
    rows whose keys are compared never hold a null key value.

    Usage, in a model configured
    {{ config(materialized='incremental', on_schema_change='fail',
              **partition_replace_config('_load_id')) }}:
        validated as (
            {{ validate_new_loads(source('transactions', 'transactions'), 'transactions') }}
        )
    Pass the source relation itself where no lookup is joined: a CTE name that the SQL reads
    more than once is materialised by DuckDB (every column of every landed row).
#}
{% macro validate_new_loads(landed, source_name, table_name=none, row_rules=[], context_columns=[]) -%}
    {%- if not (execute and is_incremental()) -%}
        {{ validate_landed_rows(landed, source_name, table_name, row_rules, context_columns) }}
    {%- else -%}
        {%- set contract = normalize_landing_contract(
            landing_contract(source_name, table_name), source_name
        ) -%}
        {%- set primary_key = contract.primary_key | map('lower') | list -%}
        {%- set required = contract.columns | selectattr('required') | map(attribute='name') | list -%}
        {%- if primary_key | length == 0 -%}
            {{ exceptions.raise_compiler_error(
                'validate_new_loads: ' ~ source_name ~ ' has no primary_key in its contract'
            ) }}
        {%- endif -%}
        {%- for key in primary_key if key not in required -%}
            {{ exceptions.raise_compiler_error(
                'validate_new_loads: primary-key column ' ~ key ~ ' of ' ~ source_name
                ~ ' must be required in the contract (a null key is never a valid key)'
            ) }}
        {%- endfor -%}
        {%- set contract_columns = contract.columns | map(attribute='name') | list -%}
        {#- validate_landed_rows' columns, in its order, without reject_reason -#}
        {%- set output_columns = lineage_columns() + contract_columns -%}
        {%- for column in contract_columns -%}
            {%- do output_columns.append(column ~ '__raw') -%}
        {%- endfor -%}
        {%- if model.resource_type != 'unit_test' and not _has_new_loads(source_name, table_name) -%}
    {#- no load to validate: the columns of a full build and no row (the constant filter
        leaves the plan empty, so no table is scanned) -#}
    select *
    from (
        {{ validate_landed_rows(landed, source_name, table_name, row_rules, context_columns) }}
    ) as no_new_loads
    where 1 = 0
        {%- else %}
    with

    {#- Each CTE below is read once where it is large: DuckDB materialises a CTE that is read
        more than once, which for the stored table (or a `landed` CTE) would copy every column
        of every row. Loads are picked by joining their ids (a small set), so the scans of
        `landed` skip the row groups of other loads. #}
    stored_loads as (
        select distinct _load_id
        from {{ this }}
    ),

    landed_loads as (
        select distinct _load_id
        from {{ landed }}
    ),

    new_loads as (
        select landed_loads._load_id
        from landed_loads
        left join stored_loads
            on landed_loads._load_id = stored_loads._load_id
        where stored_loads._load_id is null
    ),

    new_landed as (
        {{ _rows_of_loads(landed, 'new_loads') }}
    ),

    new_validated as (
        {{ validate_landed_rows('new_landed', source_name, table_name, row_rules, context_columns) }}
    ),

    -- keys the new loads deliver with a valid row: every stored valid version of them is re-judged
    new_keys as (
        select distinct
            {{ primary_key | join(',\n            ') }}
        from new_validated
        where {{ _is_valid_version() }}
    ),

    stored_versions as (
        {{ _stored_valid_versions(primary_key) }}
    ),

    rebuilt_loads as (
        select new_loads._load_id
        from new_loads

        union

        select distinct stored_versions._load_id
        from stored_versions
        inner join new_keys
            on {{ _key_columns_equal('stored_versions', 'new_keys', primary_key) }}
    ),

    batch_landed as (
        {{ _rows_of_loads(landed, 'rebuilt_loads') }}
    ),

    batch_validated as (
        {{ validate_landed_rows('batch_landed', source_name, table_name, row_rules, context_columns) }}
    ),

    later_versions as (
        {{ _stored_valid_versions(primary_key) }}
    ),

    -- winners of the batch whose key a later stored load outside the batch delivers again
    superseded as (
        select distinct
            batch_validated._load_id,
            batch_validated._row_number
        from batch_validated
        inner join later_versions
            on
                {{ _key_columns_equal('batch_validated', 'later_versions', primary_key) }}
                and batch_validated._load_id < later_versions._load_id
        left join rebuilt_loads
            on later_versions._load_id = rebuilt_loads._load_id
        where
            batch_validated.reject_reason is null
            and rebuilt_loads._load_id is null
    )

    select
        {% for column in output_columns -%}
        batch_validated.{{ column }},
        {% endfor -%}
        case
            when superseded._load_id is not null then 'duplicate_key'
            else batch_validated.reject_reason
        end as reject_reason
    from batch_validated
    left join superseded
        on
            batch_validated._load_id = superseded._load_id
            and batch_validated._row_number = superseded._row_number
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}


{# Whether the source table of `source_name` (`table_name`) holds a load that {{ this }} does
   not: queried when the model runs (incremental runs only). #}
{% macro _has_new_loads(source_name, table_name=none) -%}
    {%- set new_loads_sql -%}
        select count(*) as new_loads
        from (select distinct _load_id from {{ source(source_name, table_name or source_name) }})
            as landed_loads
        left join (select distinct _load_id from {{ this }}) as stored_loads
            on landed_loads._load_id = stored_loads._load_id
        where stored_loads._load_id is null
    {%- endset -%}
    {{ return(run_query(new_loads_sql).columns[0].values()[0] > 0) }}
{%- endmacro %}


{# `left.k1 = right.k1 and left.k2 = right.k2 ...` over the key columns. #}
{% macro _key_columns_equal(left, right, key_columns) -%}
    {%- for key in key_columns -%}
        {{ left }}.{{ key }} = {{ right }}.{{ key }}{{ ' and ' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}


{# The rows of `landed` whose load is in the CTE `loads` (one _load_id per row). #}
{% macro _rows_of_loads(landed, loads) -%}
    select landed_rows.*
        from {{ landed }} as landed_rows
        inner join {{ loads }}
            on landed_rows._load_id = {{ loads }}._load_id
{%- endmacro %}


{# Load and key of every valid version (reject_reason null or duplicate_key) in the stored table. #}
{% macro _stored_valid_versions(primary_key) -%}
    select
            _load_id,
            {{ primary_key | join(',\n            ') }}
        from {{ this }}
        where {{ _is_valid_version() }}
{%- endmacro %}


{# A valid version of a key: a row that passed every rule (it may have lost its key since). #}
{% macro _is_valid_version() -%}
    (reject_reason is null or reject_reason = 'duplicate_key')
{%- endmacro %}
