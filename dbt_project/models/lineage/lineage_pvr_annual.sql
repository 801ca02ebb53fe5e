-- The source rows behind each pvr_annual row's actual: the rows behind every quarter of the fiscal
-- year (lineage_pvr_quarterly, summed per file: the actual is the sum, or the rate of the sums, of
-- the year's quarters). Prior-year and baseline columns are other years' rows of this view.
with

quarters as (
    select * from {{ ref('lineage_pvr_quarterly') }}
    where source_file is not null
),

contributions as (
    select
        series_id,
        fiscal_year,
        source,
        source_file,
        source_sha256,
        as_of_date,
        export_version,
        sum(contributing_rows) as contributing_rows
    from quarters
    group by all
),

published_keys as (
    select distinct
        series_id,
        fiscal_year
    from {{ ref('pvr_annual') }}
),

final as (
    select
        published_keys.series_id,
        published_keys.fiscal_year,
        contributions.source,
        contributions.source_file,
        contributions.source_sha256,
        contributions.as_of_date,
        contributions.export_version,
        coalesce(contributions.contributing_rows, 0)::bigint as contributing_rows
    from published_keys
    left join contributions
        on published_keys.series_id = contributions.series_id and published_keys.fiscal_year = contributions.fiscal_year
)

select * from final
