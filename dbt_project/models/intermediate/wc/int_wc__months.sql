-- The one month grid of workers' compensation, shared by hours worked and by every claim
-- figure, so that the two can never disagree about which months exist: from the month of
-- the earliest injury any loss run records (a loss run holds every claim ever opened, so
-- this is usually long before the oldest export), or of the oldest loss run if that is
-- earlier, through the month of the newest loss run.
with

valuations as (
    select * from {{ ref('int_claims__valuations') }}
),

freshness as (
    select * from {{ ref('int_sources__freshness') }}
    where source_name = 'wc_claims'
),

bounds as (
    select
        date_trunc(
            'month', least((select min(valuations.injury_date) from valuations), freshness.oldest_as_of_date)
        )::date as first_month,
        date_trunc('month', freshness.newest_as_of_date)::date as last_month,
        freshness.oldest_as_of_date as oldest_loss_run_date
    from freshness
),

months as (
    select
        unnest(generate_series(first_month, last_month, interval 1 month))::date as month,
        oldest_loss_run_date
    from bounds
),

final as (
    select
        month,
        last_day(month) as month_end,
        -- months ending before the oldest loss run: no loss run describes them
        last_day(month) < oldest_loss_run_date as is_before_oldest_loss_run
    from months
)

select * from final
