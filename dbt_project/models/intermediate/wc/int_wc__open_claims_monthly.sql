-- Claims open at each month end of the grid, per department: as the loss run in force on that
-- day describes them (the newest valued on or before it, which is how a reopening is dated;
-- Open and Reopened count), and, before the oldest loss run, as each claim's own dates in the
-- earliest loss run that lists it describe them (measures.md). One row per month and department
-- with at least one open claim.
with

valuations as (
    select * from {{ ref('int_claims__valuations') }}
),

months as (
    select * from {{ ref('int_wc__months') }}
),

claim_ids as (
    select distinct claim_number from valuations
),

claim_month_ends as (
    select
        months.month,
        months.month_end,
        claim_ids.claim_number
    from months
    cross join claim_ids
    where not months.is_before_oldest_loss_run
),

-- a claim's department at a month end is the one the loss run in force gives, which may
-- differ from its latest one
valued_at_month_end as (
    select
        claim_month_ends.month,
        valuations.department_code,
        valuations.claim_status,
        valuations.reported_date,
        claim_month_ends.month_end
    from claim_month_ends
    asof inner join valuations
        on
            claim_month_ends.claim_number = valuations.claim_number
            and claim_month_ends.month_end >= valuations.valuation_date
),

earliest_valuations as (
    select * from valuations
    qualify row_number() over (partition by claim_number order by valuation_date) = 1
),

open_before_oldest_loss_run as (
    select
        months.month,
        earliest_valuations.department_code
    from months
    inner join earliest_valuations on months.month_end >= earliest_valuations.reported_date
    where
        months.is_before_oldest_loss_run
        and {{ open_by_own_dates('months.month_end', 'earliest_valuations.claim_status', 'earliest_valuations.closed_date') }}
),

open_claims as (
    select
        month,
        department_code
    from valued_at_month_end
    where reported_date <= month_end and claim_status in ('Open', 'Reopened')
    union all
    select
        month,
        department_code
    from open_before_oldest_loss_run
),

final as (
    select
        month,
        department_code,
        count(*) as open_claims_eom
    from open_claims
    group by month, department_code
)

select * from final
