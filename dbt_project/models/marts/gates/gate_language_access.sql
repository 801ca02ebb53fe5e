-- Per language-access mart: expected beside actual. language_access_monthly: per month and
-- language, the ALL row's sums against the departments'; per row, requests at least fulfilled
-- (actual = the larger of the two). language_access_annual: per fiscal year and language, its
-- counts against the sums of its months' ALL rows. language_access_safe_harbor: per fiscal year, its requests
-- against the monthly ALL rows' requests in LEP languages (not English or a sign language): every
-- such request must count toward exactly one reference row, so a reference without a row for it
-- (no '*' row) or a request counted twice fails.
{#- the figures language_access_annual holds (minutes, words and cost are monthly only) -#}
{%- set annual_columns = ['requests', 'fulfilled', 'fulfilled_on_time', 'fulfilled_with_needed_by'] %}
with

monthly as (
    select * from {{ ref('language_access_monthly') }}
),

safe_harbor as (
    select * from {{ ref('language_access_safe_harbor') }}
),

annual as (
    select * from {{ ref('language_access_annual') }}
),

-- Each summed column of a row, one row per figure, exact (DECIMAL): what both sum checks compare.
monthly_figures as (
    select
        month,
        {{ fiscal_year('month') }} as fiscal_year,
        department_code,
        language_code,
        figure,
        value
    from (
        select
            month,
            department_code,
            language_code,
            requests::decimal(18, 2) as requests,
            fulfilled::decimal(18, 2) as fulfilled,
            interpretation_minutes::decimal(18, 2) as interpretation_minutes,
            words_translated::decimal(18, 2) as words_translated,
            cost::decimal(18, 2) as cost,  -- noqa: RF04
            fulfilled_on_time::decimal(18, 2) as fulfilled_on_time,
            fulfilled_with_needed_by::decimal(18, 2) as fulfilled_with_needed_by
        from monthly
    ) as exact
    unpivot include nulls (
        value for figure in (
            requests, fulfilled, interpretation_minutes, words_translated, cost, fulfilled_on_time,
            fulfilled_with_needed_by
        )
    )
),

annual_figures as (
    select
        fiscal_year,
        language_code,
        figure,
        value
    from (
        select
            fiscal_year,
            language_code,
            requests::decimal(18, 2) as requests,
            fulfilled::decimal(18, 2) as fulfilled,
            fulfilled_on_time::decimal(18, 2) as fulfilled_on_time,
            fulfilled_with_needed_by::decimal(18, 2) as fulfilled_with_needed_by
        from annual
    ) as exact
    unpivot include nulls (value for figure in ({{ annual_columns | join(', ') }}))
),

all_rows as (
    select * from monthly_figures
    where department_code = 'ALL'
),

departments as (
    select
        month,
        language_code,
        figure,
        sum(value) as value
    from monthly_figures
    where department_code <> 'ALL'
    group by month, language_code, figure
),

-- the monthly ALL rows summed by fiscal year: what the annual rows must hold
months_by_year as (
    select
        fiscal_year,
        language_code,
        figure,
        sum(value) as value
    from all_rows
    where figure in ('{{ annual_columns | join("', '") }}')
    group by fiscal_year, language_code, figure
),

all_against_departments as (
    select
        'language_access_monthly' as table_name,
        coalesce(all_rows.month, departments.month)::varchar || ' '
        || coalesce(all_rows.language_code, departments.language_code) as cell,
        'ALL ' || coalesce(all_rows.figure, departments.figure) || ' = sum of departments' as figure,
        all_rows.value as expected,
        departments.value as actual
    from all_rows
    full outer join departments
        on
            all_rows.month = departments.month
            and all_rows.language_code = departments.language_code
            and all_rows.figure = departments.figure
),

year_against_months as (
    select
        'language_access_annual' as table_name,
        coalesce(annual_figures.fiscal_year, months_by_year.fiscal_year)::varchar || ' '
        || coalesce(annual_figures.language_code, months_by_year.language_code) as cell,
        'year = sum of its months: ' || coalesce(annual_figures.figure, months_by_year.figure) as figure,
        months_by_year.value as expected,
        annual_figures.value as actual
    from annual_figures
    full outer join months_by_year
        on
            annual_figures.fiscal_year = months_by_year.fiscal_year
            and annual_figures.language_code = months_by_year.language_code
            and annual_figures.figure = months_by_year.figure
),

harbor_years as (
    select
        fiscal_year,
        sum(requests) as requests
    from safe_harbor
    group by fiscal_year
),

covered_requests as (
    select
        {{ fiscal_year('month') }} as fiscal_year,
        sum(requests) as requests
    from monthly
    where department_code = 'ALL' and {{ is_lep_language('language_code', 'language_name') }}
    group by {{ fiscal_year('month') }}
),

final as (
    select * from all_against_departments
    union all
    select * from year_against_months
    union all
    select
        'language_access_monthly' as table_name,
        month::varchar || ' ' || department_code || ' ' || language_code as cell,
        'requests >= fulfilled' as figure,
        requests::decimal(18, 2) as expected,
        greatest(requests, fulfilled)::decimal(18, 2) as actual
    from monthly
    union all
    select
        'language_access_safe_harbor' as table_name,
        coalesce(harbor_years.fiscal_year, covered_requests.fiscal_year)::varchar as cell,
        'requests = the monthly requests in LEP languages' as figure,
        coalesce(covered_requests.requests, 0)::decimal(18, 2) as expected,
        coalesce(harbor_years.requests, 0)::decimal(18, 2) as actual
    from harbor_years
    full outer join covered_requests on harbor_years.fiscal_year = covered_requests.fiscal_year
)

select * from final
