{#-
    Per file load: rows the ingestion read (manifest), rows that landed in raw (every raw row
    appears once in the base_<source>__validated model), rows staged and rows rejected.
    Loads found in raw but missing from the manifest show up too, with rows_in_file null.
-#}
{%- set count_per_load = ['_load_id as load_id', 'count(*) as n_rows'] -%}
with

manifest as (
    select * from {{ ref('stg_ingestion__load_manifest') }}
),

landed as (
    {{ union_landing_models('base_{source}__validated', count_per_load, ['_load_id']) }}
),

staged as (
    {{ union_landing_models('stg_{source}__{entity}', count_per_load, ['_load_id']) }}
),

rejected as (
    {{ union_landing_models('stg_{source}__rejects', count_per_load, ['_load_id']) }}
),

load_keys as (
    select
        source_name,
        load_id
    from manifest

    union

    select
        source_name,
        load_id
    from landed
),

final as (
    select
        load_keys.source_name,
        manifest.source_file,
        load_keys.load_id,
        manifest.file_checksum,
        manifest.loaded_at,
        manifest.row_count as rows_in_file,
        coalesce(landed.n_rows, 0) as rows_landed,
        coalesce(staged.n_rows, 0) as rows_staged,
        coalesce(rejected.n_rows, 0) as rows_rejected,
        coalesce(
            manifest.row_count = coalesce(landed.n_rows, 0)
            and coalesce(landed.n_rows, 0)
            = coalesce(staged.n_rows, 0) + coalesce(rejected.n_rows, 0),
            false
        ) as is_reconciled
    from load_keys
    left join manifest
        on
            load_keys.source_name = manifest.source_name
            and load_keys.load_id = manifest.load_id
    left join landed
        on
            load_keys.source_name = landed.source_name
            and load_keys.load_id = landed.load_id
    left join staged
        on
            load_keys.source_name = staged.source_name
            and load_keys.load_id = staged.load_id
    left join rejected
        on
            load_keys.source_name = rejected.source_name
            and load_keys.load_id = rejected.load_id
)

select * from final
