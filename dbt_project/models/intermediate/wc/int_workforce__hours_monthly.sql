-- Hours worked per department and month, ESTIMATED (no payroll hours exist in the
-- exports): each employee contributes fte x 2,080 hours a year, prorated by the days
-- employed in the month (hire date through termination date, inclusive), in the
-- department of their newest workforce record.
with

employees as (
    select * from {{ ref('int_employees__current') }}
),

freshness as (
    select * from {{ ref('int_sources__freshness') }}
),

bounds as (
    select
        date_trunc('month', min(oldest_as_of_date))::date as first_month,
        date_trunc('month', max(newest_as_of_date))::date as last_month
    from freshness
    where source_name in ('wc_claims', 'hr_workforce')
),

months as (
    select unnest(generate_series(first_month, last_month, interval 1 month))::date as month_start
    from bounds
),

spans as (
    select
        months.month_start,
        last_day(months.month_start) as month_end,
        employees.employee_key,
        employees.department_code,
        employees.fte,
        greatest(employees.hire_date, months.month_start) as employed_from,
        least(coalesce(employees.termination_date, last_day(months.month_start)), last_day(months.month_start))
            as employed_to
    from months
    inner join employees
        on
            employees.hire_date <= last_day(months.month_start)
            and (employees.termination_date is null or months.month_start <= employees.termination_date)
),

hours as (
    select
        month_start as month,
        department_code,
        count(distinct employee_key) as employees,
        count(distinct employee_key) filter (where employed_to = month_end) as employees_at_month_end,
        sum(
            fte * 2080.0 * (datediff('day', employed_from, employed_to) + 1)
            / (case
                when
                    (year(month_start) % 4 = 0 and year(month_start) % 100 <> 0)
                    or year(month_start) % 400 = 0 then 366
                else 365
            end)
        ) as hours_worked
    from spans
    group by month_start, department_code
)

select * from hours
