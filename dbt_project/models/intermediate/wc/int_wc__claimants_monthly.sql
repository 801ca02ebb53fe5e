-- Distinct people behind a department-month's claim figures, for small-cell suppression: the
-- claimants of the claims reported that month and of the claims whose injury fell in it (one
-- person counted once, whichever way or however often they appear). One row per month and
-- department with at least one claim.
with

claims as (
    select * from {{ ref('int_claims__enriched') }}
),

claimant_months as (
    select
        reported_month as month,
        department_code,
        employee_key
    from claims
    union all
    select
        injury_month as month,
        department_code,
        employee_key
    from claims
),

final as (
    select
        month,
        department_code,
        count(distinct employee_key) as claimants
    from claimant_months
    group by month, department_code
)

select * from final
