-- Workforce representation and hiring utilization against the community (measures.md, "Hiring and
-- workforce representation"), per fiscal year, EEO-4 job category (and ALL), dimension and group:
-- employees on the day the FY is counted on and the FY's hires, their shares over those who
-- answered the dimension, the community's share (2020 Census scheme) and the parity indices
-- (share / population share). The exports hold no applicants: this is utilization, not a
-- selection rate.
-- Suppression, employees and hires each (macros/suppression.sql, two_way_suppression): a cell of
-- 1 to EQUITY_SMALL_CELL_THRESHOLD people is hidden, with its complements both within its category
-- (the groups add up to the category's respondents, which the shares give away) and across the
-- categories (they add up to the ALL cell). A hidden count takes its share and parity with it; a
-- category's response rate is hidden when its whole breakdown is, or when 1 to threshold of its
-- employees did not answer some dimension (the rate would give them away). Limit: a dimension that
-- everyone answered still gives the category's employees (its shares' denominator), so another
-- dimension's non-respondents follow by subtraction.
with

cells as (
    select * from {{ ref('int_workforce_representation__cells') }}
),

employees_suppressed as (
    {{ two_way_suppression(
        'cells', 'employees',
        ['fiscal_year', 'eeo4_job_category', 'dimension'], 'group_order',
        ['fiscal_year', 'dimension', 'group_name'], 'eeo4_job_category'
    ) }}
),

both_suppressed as (
    {{ two_way_suppression(
        'employees_suppressed', 'hires',
        ['fiscal_year', 'eeo4_job_category', 'dimension'], 'group_order',
        ['fiscal_year', 'dimension', 'group_name'], 'eeo4_job_category'
    ) }}
),

breakdowns as (
    select
        *,
        bool_and(employees_suppressed) over (partition by fiscal_year, eeo4_job_category, dimension)
        and reported_employees > 0 as breakdown_hidden,
        -- the shares give the respondents away (employees / share), so a response rate would give the
        -- non-respondents; hidden in every dimension of the category when any dimension has a small count
        -- of them (another dimension's rate would give the category's employees, and so them)
        bool_or({{ is_small_cell('all_employees - reported_employees') }})
            over (partition by fiscal_year, eeo4_job_category) as non_response_small
    from both_suppressed
),

final as (
    select
        fiscal_year,
        as_of_date,
        is_complete,
        eeo4_job_category,
        dimension,
        group_name,
        if(employees_suppressed, null, employees)::bigint as employees,
        -- declared precision: shares, parity and rates 4 decimals, from the unrounded ratios
        if(
            employees_suppressed or reported_employees = 0, null,
            {{ published_round('employees / reported_employees', 4) }}
        ) as workforce_share,
        if(hires_suppressed, null, hires)::bigint as hires,
        if(hires_suppressed or reported_hires = 0, null, {{ published_round('hires / reported_hires', 4) }})
            as hire_share,
        {{ published_round('population_share', 4) }} as population_share,
        if(
            employees_suppressed or reported_employees = 0 or not population_share > 0, null,
            {{ published_round('(employees / reported_employees) / population_share', 4) }}
        ) as workforce_parity_index,
        if(
            hires_suppressed or reported_hires = 0 or not population_share > 0, null,
            {{ published_round('(hires / reported_hires) / population_share', 4) }}
        ) as hire_parity_index,
        if(
            breakdown_hidden or non_response_small or all_employees = 0, null,
            {{ published_round('reported_employees / all_employees', 4) }}
        ) as response_rate,
        employees_suppressed,
        hires_suppressed,
        employees_suppressed or hires_suppressed as suppressed,
        population_source,
        population_year::integer as population_year
    from breakdowns
    order by
        fiscal_year, eeo4_job_category <> 'ALL', eeo4_job_category, dimension_order, group_order
)

select * from final
