-- The source rows behind each wc_claims_monthly row: each claim it counts (reported or injured in
-- the month, in the department; every department for ALL) at its latest valuation, and the
-- workforce rows behind its estimated hours. Claims counted in open_claims_eom by an older loss
-- run's valuation are not listed (see _lineage__models.yml).
with

claims as (
    select * from {{ ref('int_claims__enriched') }}
),

claim_rows as (
    select * from {{ ref('int_claims__current') }}
),

claim_metrics as (
    {{ wc_claim_metric_months('claims') }}
),

counted_claims as (
    select distinct
        claim_metrics.month,
        claim_metrics.department_code,
        'wc_claims' as source,
        claim_rows.source_file,
        claim_rows.source_sha256,
        claim_rows.source_line,
        claim_rows.as_of_date,
        claim_rows.export_version
    from claim_metrics
    inner join claim_rows on claim_metrics.claim_number = claim_rows.claim_number
),

hours_rows as (
    {{ hours_source_rows() }}
),

by_department as (
    select * from counted_claims
    union all
    select * from hours_rows
),

contributions as (
    select * from by_department
    union all
    select * replace ('ALL' as department_code) from by_department
),

{{ lineage_by_file(ref('wc_claims_monthly'), ['month', 'department_code'], 'contributions') }}
