-- Per fiscal year and decision, every eligible employee and whether they were selected
-- (measures.md, "Disparate impact"). Employed on day d: hired on or before d and not terminated
-- before d (termination_date is the last day employed). Events of the current FY count through
-- the newest export's as-of date (counted_through).
--   training_participation: employed on some day of the FY; selected: attended or completed a DEI
--     Training or EEO Training session in the FY (only FYs the training roster covers).
--   promotion: employed on the FY's first day; selected: a promotion dated in the FY.
--   retention: employed on the FY's first day and not retired in the FY; selected: not separated
--     in the FY.
with

years as (
    select * from {{ ref('int_workforce__fiscal_years') }}
),

employees as (
    select * from {{ ref('int_employees__current') }}
),

trained as (
    select distinct
        years.fiscal_year,
        attendances.attendee_key as employee_key
    from {{ ref('int_training_attendances__current') }} as attendances
    inner join years on attendances.session_date between years.first_day and years.last_day
    where
        attendances.attendee_type = 'Employee'
        and attendances.is_attendance
        and attendances.program in ('DEI Training', 'EEO Training')
),

promoted as (
    select distinct
        years.fiscal_year,
        promotions.employee_key
    from {{ ref('int_employees__promotions') }} as promotions
    inner join years on promotions.promotion_date between years.first_day and years.counted_through
),

training_participation as (
    select
        years.fiscal_year,
        'training_participation' as decision,
        employees.employee_key,
        trained.employee_key is not null as selected
    from years
    inner join employees
        on {{ employed_between('employees', 'years.first_day', 'years.counted_through') }}
    left join trained on years.fiscal_year = trained.fiscal_year and employees.employee_key = trained.employee_key
    where years.training_covered
),

employed_first_day as (
    select
        years.fiscal_year,
        employees.employee_key,
        coalesce(employees.termination_date between years.first_day and years.counted_through, false)
            as separated,
        coalesce(
            employees.termination_type = 'Retirement'
            and employees.termination_date between years.first_day and years.counted_through,
            false
        ) as retired
    from years
    inner join employees
        on {{ employed_between('employees', 'years.first_day', 'years.first_day') }}
),

promotion as (
    select
        employed_first_day.fiscal_year,
        'promotion' as decision,
        employed_first_day.employee_key,
        promoted.employee_key is not null as selected
    from employed_first_day
    left join promoted
        on
            employed_first_day.fiscal_year = promoted.fiscal_year
            and employed_first_day.employee_key = promoted.employee_key
),

retention as (
    select
        fiscal_year,
        'retention' as decision,
        employee_key,
        not separated as selected
    from employed_first_day
    where not retired
),

final as (
    select * from training_participation
    union all
    select * from promotion
    union all
    select * from retention
)

select * from final
