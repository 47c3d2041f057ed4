with

manifest as (
    select * from {{ source('ingestion', 'load_manifest') }}
),

final as (
    select
        load_id,
        source_name,
        source_file,
        file_checksum,
        file_size_bytes,
        row_count,
        file_format,
        encoding,
        loaded_at
    from manifest
)

select * from final
