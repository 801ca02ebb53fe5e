-- The newest as-of date each source has delivered (loaded files only): a period is
-- complete when this date is on or after the period's last day (measures.md).
with

manifest as (
    select * from {{ ref('stg_audit__ingest_manifest') }}
),

freshness as (
    select
        source_name,
        max(as_of_date) as newest_as_of_date,
        count(*) as files_loaded
    from manifest
    where file_status = 'loaded'
    group by source_name
)

select * from freshness
