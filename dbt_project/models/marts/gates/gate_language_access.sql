-- Per language-access mart: expected beside actual. language_access_monthly: per month and
-- language, the ALL row's sums against the departments'; per row, requests at least fulfilled
-- (actual = the larger of the two). language_access_safe_harbor: per fiscal year, its requests
-- against the monthly ALL rows' requests in LEP languages (not English or a sign language): every
-- such request must count toward exactly one reference row, so a reference without a row for it
-- (no '*' row) or a request counted twice fails.
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

monthly_years as (
    -- the monthly ALL rows summed by fiscal year: what the annual rows must hold
    select
        {{ fiscal_year('month') }} as fiscal_year,
        language_code,
        sum(requests) as requests,
        sum(fulfilled) as fulfilled,
        sum(fulfilled_on_time) as fulfilled_on_time,
        sum(fulfilled_with_needed_by) as fulfilled_with_needed_by
    from monthly
    where department_code = 'ALL'
    group by {{ fiscal_year('month') }}, language_code
),

annual_sums as (
    select
        'language_access_annual' as table_name,
        coalesce(annual.fiscal_year, monthly_years.fiscal_year)::varchar || ' '
        || coalesce(annual.language_code, monthly_years.language_code) as cell,
        monthly_years.requests as months_requests,
        annual.requests as year_requests,
        monthly_years.fulfilled as months_fulfilled,
        annual.fulfilled as year_fulfilled,
        monthly_years.fulfilled_on_time as months_on_time,
        annual.fulfilled_on_time as year_on_time,
        monthly_years.fulfilled_with_needed_by as months_with_needed_by,
        annual.fulfilled_with_needed_by as year_with_needed_by
    from annual
    full outer join monthly_years
        on annual.fiscal_year = monthly_years.fiscal_year and annual.language_code = monthly_years.language_code
),

long_annual as (
    select
        table_name,
        cell,
        'year = sum of its months: ' || summed as figure,
        expected,
        actual
    from annual_sums
    unpivot include nulls (
        (expected, actual) for summed in (
            (months_requests, year_requests) as requests,
            (months_fulfilled, year_fulfilled) as fulfilled,
            (months_on_time, year_on_time) as fulfilled_on_time,
            (months_with_needed_by, year_with_needed_by) as fulfilled_with_needed_by
        )
    )
),

departments as (
    select
        month,
        language_code,
        sum(requests) as requests,
        sum(fulfilled) as fulfilled,
        sum(interpretation_minutes) as interpretation_minutes,
        sum(words_translated) as words_translated,
        sum(cost) as cost,  -- noqa: RF04
        sum(fulfilled_on_time) as fulfilled_on_time,
        sum(fulfilled_with_needed_by) as fulfilled_with_needed_by
    from monthly
    where department_code <> 'ALL'
    group by month, language_code
),

all_rows as (
    select * from monthly
    where department_code = 'ALL'
),

sums as (
    select
        'language_access_monthly' as table_name,
        coalesce(all_rows.month, departments.month) as month,
        coalesce(all_rows.language_code, departments.language_code) as language_code,
        all_rows.requests as all_requests,
        departments.requests as dept_requests,
        all_rows.fulfilled as all_fulfilled,
        departments.fulfilled as dept_fulfilled,
        all_rows.interpretation_minutes as all_minutes,
        departments.interpretation_minutes as dept_minutes,
        all_rows.words_translated as all_words,
        departments.words_translated as dept_words,
        all_rows.cost as all_cost,
        departments.cost as dept_cost,
        all_rows.fulfilled_on_time as all_on_time,
        departments.fulfilled_on_time as dept_on_time,
        all_rows.fulfilled_with_needed_by as all_with_needed_by,
        departments.fulfilled_with_needed_by as dept_with_needed_by
    from all_rows
    full outer join departments
        on all_rows.month = departments.month and all_rows.language_code = departments.language_code
),

long_sums as (
    select
        table_name,
        month::varchar || ' ' || language_code as cell,
        'ALL ' || summed || ' = sum of departments' as figure,
        expected,
        actual
    from sums
    unpivot include nulls (
        (expected, actual) for summed in (
            (all_requests, dept_requests) as requests,
            (all_fulfilled, dept_fulfilled) as fulfilled,
            (all_minutes, dept_minutes) as minutes,
            (all_words, dept_words) as words,
            (all_cost, dept_cost) as cost_total,
            (all_on_time, dept_on_time) as fulfilled_on_time,
            (all_with_needed_by, dept_with_needed_by) as fulfilled_with_needed_by
        )
    )
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
    select
        table_name,
        cell,
        figure,
        expected::decimal(18, 2) as expected,
        actual::decimal(18, 2) as actual
    from long_sums
    union all
    select
        table_name,
        cell,
        figure,
        expected::decimal(18, 2) as expected,
        actual::decimal(18, 2) as actual
    from long_annual
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
