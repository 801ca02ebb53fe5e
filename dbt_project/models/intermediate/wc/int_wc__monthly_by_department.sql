-- Workers' compensation per month and department, before any suppression: new claims,
-- incident reports and lost-time claims by month reported; recordable and DART cases,
-- capped days away, incurred and paid (latest valuation) by month of injury; beside them
-- the estimated hours, the claims open at month end (int_wc__open_claims_monthly) and the
-- distinct claimants suppression counts (int_wc__claimants_monthly), on one grid of every
-- month and every department a figure can fall in.
with

claims as (
    select * from {{ ref('int_claims__enriched') }}
),

valuations as (
    select * from {{ ref('int_claims__valuations') }}
),

hours as (
    select * from {{ ref('int_workforce__hours_monthly') }}
),

open_at_month_end as (
    select * from {{ ref('int_wc__open_claims_monthly') }}
),

claimants as (
    select * from {{ ref('int_wc__claimants_monthly') }}
),

-- the one month grid hours and claims share
months as (
    select * from {{ ref('int_wc__months') }}
),

-- every department a figure can fall in: a claim's open-at-month-end department comes from
-- the valuation describing that month, which may differ from its latest one
departments as (
    select department_code from valuations
    union
    select department_code from hours
),

grid as (
    select
        months.month,
        departments.department_code
    from months
    cross join departments
),

reported as (
    select
        reported_month as month,
        department_code,
        count(*) filter (where claim_type in ('Medical Only', 'Lost Time')) as new_claims,
        count(*) filter (where claim_type = 'Report Only') as incident_reports,
        count(*) filter (where claim_type = 'Lost Time') as lost_time_claims,
        median(report_lag_days) as median_report_lag_days
    from claims
    group by reported_month, department_code
),

injured as (
    select
        injury_month as month,
        department_code,
        count(*) filter (where is_osha_recordable) as recordable_cases,
        count(*) filter (where is_dart_case) as dart_cases,
        coalesce(sum(days_away_capped) filter (where is_osha_recordable), 0) as days_away,
        sum(incurred_total) as incurred,
        sum(paid_total) as paid
    from claims
    group by injury_month, department_code
),

final as (
    select
        grid.month,
        grid.department_code,
        coalesce(reported.new_claims, 0) as new_claims,
        coalesce(reported.incident_reports, 0) as incident_reports,
        coalesce(reported.lost_time_claims, 0) as lost_time_claims,
        coalesce(injured.recordable_cases, 0) as recordable_cases,
        coalesce(injured.dart_cases, 0) as dart_cases,
        coalesce(injured.days_away, 0) as days_away,
        coalesce(hours.hours_worked, 0) as hours_worked,
        coalesce(hours.employees_at_month_end, 0) as employees_at_month_end,
        coalesce(injured.incurred, 0) as incurred,
        coalesce(injured.paid, 0) as paid,
        coalesce(open_at_month_end.open_claims_eom, 0) as open_claims_eom,
        reported.median_report_lag_days,
        coalesce(claimants.claimants, 0) as claimants
    from grid
    left join reported on grid.month = reported.month and grid.department_code = reported.department_code
    left join injured on grid.month = injured.month and grid.department_code = injured.department_code
    left join hours on grid.month = hours.month and grid.department_code = hours.department_code
    left join open_at_month_end
        on grid.month = open_at_month_end.month and grid.department_code = open_at_month_end.department_code
    left join claimants on grid.month = claimants.month and grid.department_code = claimants.department_code
)

select * from final
