-- Hours worked per department and month, ESTIMATED (no payroll hours exist in the
-- exports): each employee contributes fte x 2,080 hours a year, prorated by the days
-- employed in the month (hire date through termination date, inclusive), in the
-- department of their newest workforce record.
-- Every month of the workers' compensation grid gets hours, also months before the oldest
-- HR export: hire and termination dates say who was employed then. Limit: a workforce
-- snapshot lists only employees active or separated recently (3 years in the sample's
-- contract), so months long before the oldest export can undercount people who left before
-- it, and rates there are then overstated.
-- Each employee-month is a DECIMAL(38, 10) (macros/hours_estimate.sql) and the sums are exact.
with

employees as (
    select * from {{ ref('int_employees__current') }}
),

months as (
    select * from {{ ref('int_wc__months') }}
),

spans as (
    select
        months.month,
        months.month_end,
        employees.employee_key,
        employees.department_code,
        employees.fte,
        greatest(employees.hire_date, months.month) as employed_from,
        least(coalesce(employees.termination_date, months.month_end), months.month_end) as employed_to
    from months
    inner join employees
        on {{ employed_between('employees', 'months.month', 'months.month_end') }}
),

employee_months as (
    select
        month,
        month_end,
        employee_key,
        department_code,
        {{ hours_estimate('fte', 'employed_from', 'employed_to', 'month') }} as hours_worked,
        employed_to = month_end as employed_at_month_end
    from spans
),

hours as (
    select
        month,
        department_code,
        count(distinct employee_key) as employees,
        count(distinct employee_key) filter (where employed_at_month_end) as employees_at_month_end,
        sum(hours_worked)::decimal(38, 10) as hours_worked
    from employee_months
    group by month, department_code
)

select * from hours
