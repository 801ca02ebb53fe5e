-- The oldest and newest as-of dates each source has delivered (loaded files only): a
-- period is complete when the newest is on or after the period's last day (measures.md);
-- periods before the oldest export are not covered by any file and are not published.
with

manifest as (
    select * from {{ ref('stg_audit__ingest_manifest') }}
),

freshness as (
    select
        source_name,
        min(as_of_date) as oldest_as_of_date,
        max(as_of_date) as newest_as_of_date,
        count(*) as files_loaded
    from manifest
    where file_status = 'loaded'
    group by source_name
)

select * from freshness
