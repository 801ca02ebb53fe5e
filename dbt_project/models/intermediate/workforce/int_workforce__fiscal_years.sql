-- The fiscal years the HR exports cover: from the FY of the oldest loaded export to the FY of the
-- newest (measures.md: a period before the oldest export is not published). Each FY's first and
-- last day, the day its figures are counted through (the last day, or the newest export's as-of
-- date in the current FY: what HR knew), and whether the training roster covers it too.
with

freshness as (
    select * from {{ ref('int_sources__freshness') }}
),

hr as (
    select * from freshness
    where source_name = 'hr_workforce'
),

training as (
    select * from freshness
    where source_name = 'training_roster'
),

years as (
    select
        unnest(range({{ fiscal_year('oldest_as_of_date') }}, {{ fiscal_year('newest_as_of_date') }} + 1))
            as fiscal_year
    from hr
),

bounds as (
    select
        fiscal_year,
        {{ fiscal_quarter_start('fiscal_year', 1) }} as first_day,
        ({{ fiscal_quarter_start('fiscal_year + 1', 1) }} - 1)::date as last_day
    from years
),

final as (
    select
        bounds.fiscal_year::integer as fiscal_year,
        bounds.first_day,
        bounds.last_day,
        least(bounds.last_day, hr.newest_as_of_date) as counted_through,
        hr.newest_as_of_date >= bounds.last_day as is_complete,
        coalesce(
            bounds.fiscal_year between {{ fiscal_year('training.oldest_as_of_date') }}
            and {{ fiscal_year('training.newest_as_of_date') }},
            false
        ) as training_covered,
        coalesce(training.newest_as_of_date >= bounds.last_day, false) as training_complete
    from bounds
    cross join hr
    left join training on true
)

select * from final
