with

source as (
    select * from {{ source('wc_claims', 'wc_claims') }}
),

renamed as (
    select
        claim_number,
        employee_id_key as employee_key,
        department_code,
        injury_date,
        reported_date,
        claim_type,
        osha_recordable as is_osha_recordable,
        osha_outcome,
        days_away,
        days_restricted,
        injury_nature,
        body_part,
        cause,
        status as claim_status,
        closed_date,
        paid_medical,
        paid_indemnity,
        paid_expense,
        reserve_medical,
        reserve_indemnity,
        reserve_expense,
        paid_medical + paid_indemnity + paid_expense as paid_total,
        reserve_medical + reserve_indemnity + reserve_expense as reserve_total,
        -- each loss run values every claim as of its export date
        _as_of as valuation_date,
        {{ lineage_columns() }}
    from source
)

select * from renamed
