-- What went wrong with the input, per source file and reason, without any raw value.
-- A file's reason is the manifest's fixed phrase, never its message (which may quote
-- an exception's text, and through it cell values).
with

quarantine as (
    select * from {{ ref('stg_audit__quarantine') }}
),

manifest as (
    select * from {{ ref('stg_audit__ingest_manifest') }}
),

row_issues as (
    select
        source_name as source,
        file_name,
        file_sha256,
        reason,
        column_name,
        count(distinct line) as rows_affected
    from quarantine
    group by all
),

file_issues as (
    select
        source_name as source,
        file_name,
        file_sha256,
        'file ' || file_status || ': ' || reason as reason,
        null::varchar as column_name,
        rows_total as rows_affected
    from manifest
    where file_status in ('rejected', 'quarantined', 'withdrawn')
),

final as (
    select * from row_issues
    union all
    select * from file_issues
)

select * from final
