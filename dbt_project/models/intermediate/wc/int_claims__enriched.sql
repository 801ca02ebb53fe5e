-- Each claim at its latest valuation, with the measures' derived fields: report lag and
-- its bucket, capped days, whether it is a DART case, incurred, and its periods.
with

claims as (
    select * from {{ ref('int_claims__current') }}
),

enriched as (
    select
        claim_number,
        employee_key,
        department_code,
        injury_date,
        reported_date,
        date_trunc('month', injury_date)::date as injury_month,
        date_trunc('month', reported_date)::date as reported_month,
        {{ fiscal_year('reported_date') }} as reported_fiscal_year,
        claim_type,
        is_osha_recordable,
        osha_outcome,
        is_osha_recordable and osha_outcome in ('Days Away', 'Job Transfer or Restriction') as is_dart_case,
        {{ osha_capped_days('days_away') }} as days_away_capped,
        {{ osha_capped_days('days_restricted') }} as days_restricted_capped,
        datediff('day', injury_date, reported_date) as report_lag_days,
        {{ report_lag_bucket("datediff('day', injury_date, reported_date)") }} as report_lag_bucket,
        claim_status,
        closed_date,
        paid_total,
        reserve_total,
        paid_total + reserve_total as incurred_total,
        valuation_date
    from claims
)

select * from enriched
