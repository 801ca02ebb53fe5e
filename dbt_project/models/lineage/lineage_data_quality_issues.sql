-- Each data_quality_issues row's file is the figure's source: the delivered file itself, as the
-- ingest manifest describes it; contributing_rows = the rows the issue affects.
with

issues as (
    select * from {{ ref('data_quality_issues') }}
),

manifest as (
    select * from {{ ref('stg_audit__ingest_manifest') }}
),

-- one manifest row per delivered file (a file is recorded once per source and checksum)
files as (
    select
        source_name,
        file_name,
        file_sha256,
        any_value(as_of_date) as as_of_date,
        any_value(export_version) as export_version
    from manifest
    group by source_name, file_name, file_sha256
),

final as (
    select
        issues.source,
        issues.file_name,
        issues.file_sha256,
        issues.reason,
        issues.column_name,
        issues.file_name as source_file,
        issues.file_sha256 as source_sha256,
        files.as_of_date,
        files.export_version,
        coalesce(issues.rows_affected, 0)::bigint as contributing_rows
    from issues
    left join files
        on
            issues.source = files.source_name
            and issues.file_name = files.file_name
            and issues.file_sha256 = files.file_sha256
)

select * from final
