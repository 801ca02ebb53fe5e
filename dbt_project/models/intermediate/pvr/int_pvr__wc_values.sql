-- Every workers' compensation series of measure_definitions, per fiscal quarter, from the
-- municipality-wide monthly figures (before suppression: these are event counts and costs,
-- not counts of people). Rates carry their numerator and denominator. Sums are DECIMAL, so
-- they are exact and the same in every run whatever order parallel threads add them in.
with

monthly as (
    select * from {{ ref('int_wc__monthly_by_department') }}
),

definitions as (
    select * from {{ ref('measure_definitions') }}
    where source = 'wc_claims'
),

quarterly_totals as (
    select
        {{ fiscal_year('month') }} as fiscal_year,
        {{ fiscal_quarter('month') }} as fiscal_quarter,
        sum(new_claims)::decimal(38, 10) as new_claims,
        sum(incident_reports)::decimal(38, 10) as incident_reports,
        sum(lost_time_claims)::decimal(38, 10) as lost_time_claims,
        sum(recordable_cases)::decimal(38, 10) as recordable_cases,
        sum(dart_cases)::decimal(38, 10) as dart_cases,
        sum(incurred)::decimal(38, 10) as incurred,
        sum(hours_worked)::decimal(38, 10) as hours_worked
    from monthly
    group by all
),

long_form as (
    unpivot quarterly_totals
    on new_claims, incident_reports, lost_time_claims, recordable_cases, dart_cases, incurred, hours_worked
    into name metric value amount
),

series_values as (
    select
        definitions.series_id,
        numerators.fiscal_year,
        numerators.fiscal_quarter,
        numerators.amount as numerator,
        denominators.amount as denominator,
        case
            when definitions.denominator is null then numerators.amount::double
            when denominators.amount > 0
                then numerators.amount::double * definitions.rate_per / denominators.amount::double
        end as value
    from definitions
    inner join long_form as numerators on definitions.metric = numerators.metric
    left join long_form as denominators
        on
            definitions.denominator = denominators.metric
            and numerators.fiscal_year = denominators.fiscal_year
            and numerators.fiscal_quarter = denominators.fiscal_quarter
)

select * from series_values
