-- Every claim at every loss run that valued it, so an auditor can follow how a claim's
-- incurred cost developed. One row per claim and valuation date.
with

claims as (
    select * from {{ ref('stg_wc_claims__claims') }}
),

valuations as (
    select
        claim_number,
        valuation_date,
        employee_key,
        department_code,
        injury_date,
        reported_date,
        claim_type,
        is_osha_recordable,
        osha_outcome,
        claim_status,
        closed_date,
        paid_total,
        reserve_total,
        paid_total + reserve_total as incurred_total,
        source_file
    from claims
)

select * from valuations
