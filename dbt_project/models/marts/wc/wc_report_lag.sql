-- Claims (all types) by fiscal year reported and report-lag bucket, every bucket present.
with

claims as (
    select * from {{ ref('int_claims__enriched') }}
),

years as (
    select distinct reported_fiscal_year as fiscal_year from claims
),

buckets as (
    select * from {{ ref('report_lag_buckets') }}
),

counted as (
    select
        reported_fiscal_year as fiscal_year,
        report_lag_bucket as lag_bucket,
        count(*) as claims
    from claims
    group by reported_fiscal_year, report_lag_bucket
),

final as (
    select
        years.fiscal_year::integer as fiscal_year,
        buckets.lag_bucket,
        buckets.bucket_order::integer as bucket_order,
        coalesce(counted.claims, 0)::bigint as claims,
        -- declared precision: 4 decimals
        {{ published_round(
            'coalesce(counted.claims, 0) / sum(coalesce(counted.claims, 0)) over (partition by years.fiscal_year)', 4
        ) }} as share
    from years
    cross join buckets
    left join counted on years.fiscal_year = counted.fiscal_year and buckets.lag_bucket = counted.lag_bucket
)

select * from final
