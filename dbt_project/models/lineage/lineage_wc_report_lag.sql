-- The source rows behind each wc_report_lag row: the claims reported in the fiscal year with a
-- report lag in the bucket, each at its latest valuation (the newest loss run containing it).
with

claims as (
    select * from {{ ref('int_claims__enriched') }}
),

claim_rows as (
    select * from {{ ref('int_claims__current') }}
),

contributions as (
    select
        claims.reported_fiscal_year as fiscal_year,
        claims.report_lag_bucket as lag_bucket,
        'wc_claims' as source,
        claim_rows.source_file,
        claim_rows.source_sha256,
        claim_rows.source_line,
        claim_rows.as_of_date,
        claim_rows.export_version
    from claims
    inner join claim_rows on claims.claim_number = claim_rows.claim_number
),

{{ lineage_by_file(ref('wc_report_lag'), ['fiscal_year', 'lag_bucket'], 'contributions') }}
