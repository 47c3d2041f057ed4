-- Every landed employee row, validated (macro validate_landed_rows). Incremental by load
-- (macro validate_new_loads): a run validates the loads that are new since the last run, plus
-- every stored load that holds an earlier version of an employee_id they re-deliver (that
-- version becomes a duplicate_key reject), and replaces those loads whole
-- (partition_replace_config on _load_id); a run without new loads writes nothing.
-- --full-refresh validates every load with validate_landed_rows and gives the same rows.
{{
    config(
        materialized='incremental',
        on_schema_change='fail',
        **partition_replace_config('_load_id')
    )
}}
-- The source relation goes to the macro as is (no import CTE): the validation reads it more
-- than once, and DuckDB would materialise a CTE read more than once.
with

validated as (
    {{ validate_new_loads(source('employees', 'employees'), 'employees') }}
),

-- the run that wrote each row: tests of an incremental run read the loads it rebuilt
final as (
    select
        *,
        {{ invocation_id_column() }},
        {{ written_at_column() }}
    from validated
)

select * from final
