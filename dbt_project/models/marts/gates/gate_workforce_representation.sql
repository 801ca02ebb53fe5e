-- workforce_representation, cell and figure: expected beside actual (all whole numbers), for
-- employees and hires each. Per category and dimension: the groups add up to the respondents, no
-- hidden cell exposed to subtraction (macros/suppression.sql, exposed_hidden_cell). Per group
-- across the categories: the ALL cell is their sum, no hidden cell exposed among the nine. Per
-- cell: no shown count of 1 to threshold; shown counts equal the counts before suppression.
with

representation as (
    select
        published.fiscal_year,
        published.eeo4_job_category,
        published.dimension,
        published.group_name,
        published.employees_suppressed,
        published.hires_suppressed,
        published.employees,
        published.hires,
        cells.employees as employees_before,
        cells.hires as hires_before,
        cells.reported_employees,
        cells.reported_hires
    from {{ ref('workforce_representation') }} as published
    inner join {{ ref('int_workforce_representation__cells') }} as cells
        on
            published.fiscal_year = cells.fiscal_year
            and published.eeo4_job_category = cells.eeo4_job_category
            and published.dimension = cells.dimension
            and published.group_name = cells.group_name
),

category_breakdowns as (
    select
        fiscal_year || ' ' || eeo4_job_category || ' ' || dimension as cell,
        sum(employees_before) as grouped_employees,
        max(reported_employees) as reported_employees,
        sum(hires_before) as grouped_hires,
        max(reported_hires) as reported_hires,
        {{ exposed_hidden_cell('employees_suppressed', 'employees_before') }}::int as exposed_employees,
        {{ exposed_hidden_cell('hires_suppressed', 'hires_before') }}::int as exposed_hires
    from representation
    group by fiscal_year, eeo4_job_category, dimension
),

group_breakdowns as (
    select
        fiscal_year || ' ' || dimension || ' ' || group_name as cell,
        sum(employees_before) filter (where eeo4_job_category = 'ALL') as all_employees,
        sum(employees_before) filter (where eeo4_job_category <> 'ALL') as category_employees,
        sum(hires_before) filter (where eeo4_job_category = 'ALL') as all_hires,
        sum(hires_before) filter (where eeo4_job_category <> 'ALL') as category_hires,
        {{ exposed_hidden_cell('employees_suppressed', 'employees_before') }}::int as exposed_employees,
        {{ exposed_hidden_cell('hires_suppressed', 'hires_before') }}::int as exposed_hires
    from representation
    group by fiscal_year, dimension, group_name
),

representation_figures as (
    select
        category_breakdowns.cell,
        figures.figure,
        figures.expected,
        figures.actual
    from category_breakdowns
    cross join
        lateral (
            values
            (
                'groups add up to the respondents', category_breakdowns.reported_employees,
                category_breakdowns.grouped_employees
            ),
            (
                'hire groups add up to the respondents', category_breakdowns.reported_hires,
                category_breakdowns.grouped_hires
            ),
            ('hidden employees exposed in the category', 0, category_breakdowns.exposed_employees),
            ('hidden hires exposed in the category', 0, category_breakdowns.exposed_hires)
        ) as figures (figure, expected, actual)
    union all
    select
        group_breakdowns.cell,
        figures.figure,
        figures.expected,
        figures.actual
    from group_breakdowns
    cross join lateral (
        values
        ('ALL is the sum of the categories', group_breakdowns.all_employees, group_breakdowns.category_employees),
        ('ALL hires are the sum of the categories', group_breakdowns.all_hires, group_breakdowns.category_hires),
        ('hidden employees exposed across categories', 0, group_breakdowns.exposed_employees),
        ('hidden hires exposed across categories', 0, group_breakdowns.exposed_hires)
    ) as figures (figure, expected, actual)
),

cell_checks as (
    select
        shown_cell.fiscal_year || ' ' || shown_cell.eeo4_job_category || ' ' || shown_cell.dimension || ' ' || shown_cell.group_name as cell,
        checks.figure,
        checks.expected,
        checks.actual
    from representation as shown_cell
    cross join lateral (
        values
        ('shown employees unaltered', if(shown_cell.employees_suppressed, 0, shown_cell.employees_before), coalesce(shown_cell.employees, 0)),
        ('shown hires unaltered', if(shown_cell.hires_suppressed, 0, shown_cell.hires_before), coalesce(shown_cell.hires, 0)),
        ('shown small employees', 0, (not shown_cell.employees_suppressed and {{ is_small_cell('shown_cell.employees') }})::int),
        ('shown small hires', 0, (not shown_cell.hires_suppressed and {{ is_small_cell('shown_cell.hires') }})::int)
    ) as checks (figure, expected, actual)
),

final as (
    select
        'workforce_representation' as table_name,
        cell,
        figure,
        expected::bigint as expected,
        actual::bigint as actual
    from representation_figures
    union all
    select
        'workforce_representation' as table_name,
        cell,
        figure,
        expected::bigint as expected,
        actual::bigint as actual
    from cell_checks
)

select * from final
