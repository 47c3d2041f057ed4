with

rejects as (
    {{ union_landing_models('stg_{source}__rejects', [
        '_source_file as source_file',
        '_row_number as row_number',
        '_load_id as load_id',
        '_loaded_at as loaded_at',
        'reject_reason',
    ]) }}
),

first_reasons as (
    select
        *,
        {{ dbt.split_part('reject_reason', "';'", 1) }} as first_reason
    from rejects
),

final as (
    select
        source_name,
        source_file,
        row_number,
        load_id,
        loaded_at,
        reject_reason,
        {{ dbt.split_part('first_reason', "':'", 1) }} as primary_reason_code
    from first_reasons
)

select * from final
