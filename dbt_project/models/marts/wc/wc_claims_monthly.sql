-- PVR Measure WC per month and department, plus ALL. Rates use ESTIMATED hours worked
-- (fte x 2,080 a year, prorated by days employed; no payroll hours are exported).
-- Small-cell suppression: in a department of fewer than EQUITY_SMALL_DEPARTMENT_EMPLOYEES
-- employees, a month whose claims involve 1 to EQUITY_SMALL_CELL_THRESHOLD distinct
-- claimants is suppressed (claim figures null, suppressed = true). When only one department
-- is suppressed in a month, the next smallest department *with claimants* is suppressed too,
-- so that the ALL row cannot give the suppressed one away; when no other department has a
-- claimant, the ALL row's claim figures are suppressed instead (its hours stay).
with

monthly as (
    select * from {{ ref('int_wc__monthly_by_department') }}
),

claims as (
    select * from {{ ref('int_claims__enriched') }}
),

cells as (
    select
        *,
        employees_at_month_end < {{ small_department_employees() }}
        and {{ is_small_cell('claimants') }} as is_small_cell
    from monthly
),

departments as (
    {{ complementary_suppression('cells', ['month'], 'department_code', 'claimants', 'is_small_cell') }}
),

all_suppression as (
    select
        month,
        bool_or(total_suppressed) as suppressed
    from departments
    group by month
),

all_departments as (
    select
        month,
        'ALL' as department_code,
        sum(new_claims) as new_claims,
        sum(incident_reports) as incident_reports,
        sum(lost_time_claims) as lost_time_claims,
        sum(recordable_cases) as recordable_cases,
        sum(dart_cases) as dart_cases,
        sum(days_away) as days_away,
        sum(hours_worked) as hours_worked,
        sum(incurred) as incurred,
        sum(paid) as paid,
        sum(open_claims_eom) as open_claims_eom
    from monthly
    group by month
),

all_lag as (
    select
        reported_month as month,
        median(report_lag_days) as median_report_lag_days
    from claims
    group by reported_month
),

unioned as (
    select
        month,
        department_code,
        if(suppressed, null, new_claims) as new_claims,
        if(suppressed, null, incident_reports) as incident_reports,
        if(suppressed, null, lost_time_claims) as lost_time_claims,
        if(suppressed, null, recordable_cases) as recordable_cases,
        if(suppressed, null, dart_cases) as dart_cases,
        if(suppressed, null, days_away) as days_away,
        hours_worked,
        if(suppressed, null, incurred) as incurred,
        if(suppressed, null, paid) as paid,
        if(suppressed, null, open_claims_eom) as open_claims_eom,
        if(suppressed, null, median_report_lag_days) as median_report_lag_days,
        suppressed
    from departments
    union all
    select
        all_departments.month,
        all_departments.department_code,
        if(all_suppression.suppressed, null, all_departments.new_claims) as new_claims,
        if(all_suppression.suppressed, null, all_departments.incident_reports) as incident_reports,
        if(all_suppression.suppressed, null, all_departments.lost_time_claims) as lost_time_claims,
        if(all_suppression.suppressed, null, all_departments.recordable_cases) as recordable_cases,
        if(all_suppression.suppressed, null, all_departments.dart_cases) as dart_cases,
        if(all_suppression.suppressed, null, all_departments.days_away) as days_away,
        all_departments.hours_worked,
        if(all_suppression.suppressed, null, all_departments.incurred) as incurred,
        if(all_suppression.suppressed, null, all_departments.paid) as paid,
        if(all_suppression.suppressed, null, all_departments.open_claims_eom) as open_claims_eom,
        if(all_suppression.suppressed, null, all_lag.median_report_lag_days) as median_report_lag_days,
        all_suppression.suppressed
    from all_departments
    inner join all_suppression on all_departments.month = all_suppression.month
    left join all_lag on all_departments.month = all_lag.month
),

final as (
    select
        month,
        department_code,
        new_claims::bigint as new_claims,
        incident_reports::bigint as incident_reports,
        lost_time_claims::bigint as lost_time_claims,
        recordable_cases::bigint as recordable_cases,
        dart_cases::bigint as dart_cases,
        days_away::bigint as days_away,
        -- declared precision (see _wc__models.yml): hours 1 decimal, rates 4, from exact DECIMAL hours
        {{ published_round('hours_worked', 1) }} as hours_worked,
        {{ published_round(per_200k_hours('recordable_cases', 'hours_worked'), 4) }} as trir,
        {{ published_round(per_200k_hours('dart_cases', 'hours_worked'), 4) }} as dart_rate,
        incurred::decimal(14, 2) as incurred,
        paid::decimal(14, 2) as paid,
        open_claims_eom::bigint as open_claims_eom,
        median_report_lag_days::double as median_report_lag_days,
        suppressed
    from unioned
)

select * from final
