-- Every series for every fiscal quarter from the first fiscal year its source covers
-- (the year of its oldest export, or of the source's earliest activity if that is earlier)
-- through the quarter holding its source's newest as-of date. A quarter without
-- activity is 0, not missing; a rate in a quarter without its denominator (no estimated
-- hours) is empty.
with

definitions as (
    select * from {{ ref('measure_definitions') }}
),

freshness as (
    select * from {{ ref('int_sources__freshness') }}
),

observed as (
    select
        series_id,
        fiscal_year,
        fiscal_quarter,
        value,
        value::decimal(38, 10) as numerator,
        null::decimal(38, 10) as denominator
    from {{ ref('int_pvr__training_values') }}
    union all
    select
        series_id,
        fiscal_year,
        fiscal_quarter,
        value,
        numerator,
        denominator
    from {{ ref('int_pvr__wc_values') }}
),

-- Per source, not per series: every series of a source covers the same quarters (a program
-- without sessions in a year the roster covers shows 0 there, not nothing).
first_years as (
    select
        definitions.source,
        min(observed.fiscal_year) as first_fiscal_year
    from observed
    inner join definitions on observed.series_id = definitions.series_id
    group by definitions.source
),

series_range as (
    select
        definitions.series_id,
        definitions.source,
        freshness.newest_as_of_date,
        least(
            {{ fiscal_year('freshness.oldest_as_of_date') }},
            coalesce(first_years.first_fiscal_year, {{ fiscal_year('freshness.oldest_as_of_date') }})
        ) as first_fiscal_year,
        {{ fiscal_year('freshness.newest_as_of_date') }} as last_fiscal_year
    from definitions
    inner join freshness on definitions.source = freshness.source_name
    left join first_years on definitions.source = first_years.source
),

series_years as (
    select
        series_id,
        newest_as_of_date,
        unnest(range(first_fiscal_year, last_fiscal_year + 1)) as fiscal_year
    from series_range
),

quarters as (
    select unnest([1, 2, 3, 4]) as fiscal_quarter
),

spine as (
    select
        series_years.series_id,
        series_years.newest_as_of_date,
        series_years.fiscal_year,
        quarters.fiscal_quarter
    from series_years
    cross join quarters
),

periods as (
    select
        series_id,
        newest_as_of_date,
        fiscal_year,
        fiscal_quarter,
        {{ fiscal_quarter_start('fiscal_year', 'fiscal_quarter') }} as quarter_start_date,
        ({{ fiscal_quarter_start('fiscal_year', 'fiscal_quarter') }} + interval 3 month - interval 1 day)::date
            as quarter_end_date
    from spine
),

final as (
    select
        periods.series_id,
        periods.fiscal_year::integer as fiscal_year,
        periods.fiscal_quarter::integer as fiscal_quarter,
        periods.quarter_start_date,
        periods.quarter_end_date,
        -- a rate needs its denominator: without estimated hours it is empty (not computable),
        -- never 0; any other series without activity is 0
        case
            when definitions.denominator is not null and not coalesce(observed.denominator > 0, false) then null
            else coalesce(observed.value, 0)
        end::double as value,
        -- exact: pvr_annual sums them over spans of quarters
        coalesce(observed.numerator, 0)::decimal(38, 10) as numerator,
        observed.denominator::decimal(38, 10) as denominator,
        periods.newest_as_of_date >= periods.quarter_end_date as is_complete
    from periods
    inner join definitions on periods.series_id = definitions.series_id
    left join observed
        on
            periods.series_id = observed.series_id
            and periods.fiscal_year = observed.fiscal_year
            and periods.fiscal_quarter = observed.fiscal_quarter
    -- quarters that have not started by the newest as-of date are left out
    where periods.quarter_start_date <= periods.newest_as_of_date
)

select * from final
