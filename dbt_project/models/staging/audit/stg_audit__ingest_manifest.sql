with

source as (
    select * from {{ source('audit', 'ingest_manifest') }}
),

renamed as (
    select
        source as source_name,
        file_name,
        file_sha256,
        as_of as as_of_date,
        version as export_version,
        file_format,
        encoding,
        status as file_status,
        rows_total,
        rows_landed,
        rows_quarantined,
        drift_columns,
        reason,
        message,
        superseded_by_file,
        superseded_by_sha256,
        withdrawn_at,
        run_id,
        processed_at
    from source
)

select * from renamed
