-- Per gridded mart: the rows of its full grid beside its rows; a gate expects them equal.
-- pvr_quarterly: each series has every quarter its source's series have (series of sources
-- that delivered a loaded file); wc_report_lag: every bucket in every fiscal year.
with

definitions as (
    select * from {{ ref('measure_definitions') }}
),

freshness as (
    select * from {{ ref('int_sources__freshness') }}
),

quarterly as (
    select * from {{ ref('pvr_quarterly') }}
),

report_lag as (
    select * from {{ ref('wc_report_lag') }}
),

buckets as (
    select * from {{ ref('report_lag_buckets') }}
),

quarterly_by_source as (
    select
        definitions.source,
        quarterly.series_id,
        quarterly.fiscal_year,
        quarterly.fiscal_quarter
    from quarterly
    inner join definitions on quarterly.series_id = definitions.series_id
    where definitions.source in (select freshness.source_name from freshness)
),

source_periods as (
    select
        source,
        count(*) as periods
    from (
        select distinct
            source,
            fiscal_year,
            fiscal_quarter
        from quarterly_by_source
    ) as periods
    group by source
),

source_series as (
    select
        source,
        count(distinct series_id) as series
    from quarterly_by_source
    group by source
),

final as (
    select
        'pvr_quarterly' as table_name,
        (
            select coalesce(sum(source_periods.periods * source_series.series), 0)
            from source_periods
            inner join source_series on source_periods.source = source_series.source
        )::bigint as expected_rows,
        (select count(*) from quarterly)::bigint as actual_rows
    union all
    select
        'wc_report_lag' as table_name,
        (
            (select count(*) from buckets) * (select count(distinct report_lag.fiscal_year) from report_lag)
        )::bigint as expected_rows,
        (select count(*) from report_lag)::bigint as actual_rows
)

select * from final
