-- Per PVR mart: every series that must be published (its source has delivered at least one
-- loaded file) beside every series the mart holds; a gate expects is_expected = is_present.
with

definitions as (
    select * from {{ ref('measure_definitions') }}
),

freshness as (
    select * from {{ ref('int_sources__freshness') }}
),

expected_series as (
    select series_id from definitions
    where source in (select freshness.source_name from freshness)
),

tables as (
    select 'pvr_quarterly' as table_name
    union all
    select 'pvr_annual' as table_name
),

expected as (
    select
        tables.table_name,
        expected_series.series_id
    from tables
    cross join expected_series
),

present as (
    select distinct
        'pvr_quarterly' as table_name,
        series_id
    from {{ ref('pvr_quarterly') }}
    union
    select distinct
        'pvr_annual' as table_name,
        series_id
    from {{ ref('pvr_annual') }}
),

final as (
    select
        coalesce(expected.table_name, present.table_name) as table_name,
        coalesce(expected.series_id, present.series_id) as series_id,
        expected.series_id is not null as is_expected,
        present.series_id is not null as is_present
    from expected
    full outer join present
        on expected.table_name = present.table_name and expected.series_id = present.series_id
)

select * from final
