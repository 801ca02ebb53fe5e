-- Per fiscal year, who is counted in workforce representation (measures.md, "Hiring and workforce
-- representation"): the employees employed on the day the FY is counted on (its last day, or the
-- newest export's as-of date in the current FY), in the EEO-4 category of the newest export on or
-- before that day that lists them (a move between categories dates from the export that shows
-- it); and the FY's hires, in the category of the first export that lists them (the job they were
-- hired into). Limit: someone hired and separated between two exports is in no export, so no hire.
with

years as (
    select * from {{ ref('int_workforce__fiscal_years') }}
),

employees as (
    select * from {{ ref('int_employees__current') }}
),

snapshots as (
    select
        employee_key,
        as_of_date,
        eeo4_job_category
    from {{ ref('stg_hr_workforce__employees') }}
),

hired_into as (
    select
        employee_key,
        arg_min(eeo4_job_category, as_of_date) as eeo4_job_category
    from snapshots
    group by employee_key
),

employed as (
    select
        years.fiscal_year,
        years.counted_through,
        employees.employee_key,
        employees.eeo4_job_category as current_category
    from years
    inner join employees
        on {{ employed_between('employees', 'years.counted_through', 'years.counted_through') }}
),

on_the_day as (
    select
        employed.fiscal_year,
        employed.employee_key,
        coalesce(snapshots.eeo4_job_category, employed.current_category) as eeo4_job_category
    from employed
    asof left join snapshots
        on
            employed.employee_key = snapshots.employee_key
            and employed.counted_through >= snapshots.as_of_date
),

hires as (
    select
        years.fiscal_year,
        employees.employee_key,
        hired_into.eeo4_job_category
    from years
    inner join employees on employees.hire_date between years.first_day and years.counted_through
    inner join hired_into on employees.employee_key = hired_into.employee_key
),

final as (
    select
        fiscal_year,
        employee_key,
        eeo4_job_category,
        true as is_employee,
        false as is_hire
    from on_the_day
    union all
    select
        fiscal_year,
        employee_key,
        eeo4_job_category,
        false as is_employee,
        true as is_hire
    from hires
)

select * from final
