-- Actuals, targets and status per series and fiscal year (measures.md, "Targets and status").
-- A rate series (a denominator in the definitions) is recomputed from its summed numerator
-- and denominator for every span of quarters, never summed. Sums are DECIMAL (exact, the same
-- in every run), and published figures are rounded to the precision _pvr__models.yml declares.
with

quarterly as (
    select * from {{ ref('int_pvr__quarterly_values') }}
),

definitions as (
    select * from {{ ref('measure_definitions') }}
),

with_prior_quarter as (
    select
        current_q.series_id,
        current_q.fiscal_year,
        current_q.fiscal_quarter,
        current_q.value,
        current_q.numerator,
        current_q.denominator,
        current_q.is_complete,
        prior_q.value as prior_year_value,
        prior_q.numerator as prior_year_numerator,
        prior_q.denominator as prior_year_denominator
    from quarterly as current_q
    left join quarterly as prior_q
        on
            current_q.series_id = prior_q.series_id
            and current_q.fiscal_year - 1 = prior_q.fiscal_year
            and current_q.fiscal_quarter = prior_q.fiscal_quarter
),

annual_sums as (
    select
        series_id,
        fiscal_year,
        count(*) = 4 and bool_and(is_complete) as is_complete,
        count(*) filter (where is_complete) as complete_quarters,
        count(prior_year_value) > 0 as has_prior_year,
        sum(value::decimal(38, 10)) as value_sum,
        sum(numerator::decimal(38, 10)) as numerator_sum,
        sum(denominator::decimal(38, 10)) as denominator_sum,
        coalesce(sum(value::decimal(38, 10)) filter (where is_complete), 0) as ytd_value_sum,
        coalesce(sum(numerator::decimal(38, 10)) filter (where is_complete), 0) as ytd_numerator_sum,
        sum(denominator::decimal(38, 10)) filter (where is_complete) as ytd_denominator_sum,
        coalesce(sum(prior_year_value::decimal(38, 10)) filter (where is_complete), 0) as prior_ytd_value_sum,
        coalesce(sum(prior_year_numerator::decimal(38, 10)) filter (where is_complete), 0) as prior_ytd_numerator_sum,
        sum(prior_year_denominator::decimal(38, 10)) filter (where is_complete) as prior_ytd_denominator_sum
    from with_prior_quarter
    group by series_id, fiscal_year
),

unrounded_annual as (
    select
        annual_sums.series_id,
        annual_sums.fiscal_year,
        annual_sums.is_complete,
        annual_sums.complete_quarters,
        case
            when definitions.denominator is null then annual_sums.value_sum::double
            when annual_sums.denominator_sum > 0
                then annual_sums.numerator_sum::double * definitions.rate_per / annual_sums.denominator_sum::double
        end as actual,
        case
            when definitions.denominator is null then annual_sums.ytd_value_sum::double
            when annual_sums.ytd_denominator_sum > 0
                then
                    annual_sums.ytd_numerator_sum::double * definitions.rate_per
                    / annual_sums.ytd_denominator_sum::double
        end as ytd_actual,
        -- the prior year's same (complete) quarters, for the year-to-date comparison;
        -- empty when there is no prior year at all. A rate without its denominator (no estimated
        -- hours in those quarters) is empty too: it cannot be computed, and 0 would read as a fact.
        case
            when not annual_sums.has_prior_year then null
            when definitions.denominator is null then annual_sums.prior_ytd_value_sum::double
            when annual_sums.prior_ytd_denominator_sum > 0
                then
                    annual_sums.prior_ytd_numerator_sum::double * definitions.rate_per
                    / annual_sums.prior_ytd_denominator_sum::double
        end as prior_year_same_quarters
    from annual_sums
    inner join definitions on annual_sums.series_id = definitions.series_id
),

-- actuals as published (4 decimals): targets, statuses and changes compare these
annual as (
    select
        series_id,
        fiscal_year,
        is_complete,
        complete_quarters,
        {{ published_round('actual', 4) }} as actual,
        {{ published_round('ytd_actual', 4) }} as ytd_actual,
        prior_year_same_quarters
    from unrounded_annual
),

with_prior_year as (
    select
        annual.*,
        prior_annual.actual as prior_year_actual,
        baseline_annual.actual as baseline_value,
        definitions.series_name,
        definitions.measure_id,
        definitions.unit,
        definitions.direction,
        definitions.baseline_fiscal_year,
        case definitions.direction
            when 'increase' then 1 + definitions.annual_change
            when 'decrease' then 1 - definitions.annual_change
        end as target_factor
    from annual
    inner join definitions on annual.series_id = definitions.series_id
    left join annual as prior_annual
        on annual.series_id = prior_annual.series_id and annual.fiscal_year - 1 = prior_annual.fiscal_year
    left join annual as baseline_annual
        on annual.series_id = baseline_annual.series_id and definitions.baseline_fiscal_year = baseline_annual.fiscal_year
),

baselines as (
    select
        *,
        -- no prior year, or a prior year of 0 for an increase measure: no baseline, no target.
        -- The current, incomplete year is judged on its complete quarters against the prior
        -- year's same quarters: with no complete quarter, or same quarters summing to 0 for an
        -- increase measure, there is nothing to compare it with either.
        prior_year_actual is null
        or (direction = 'increase' and prior_year_actual = 0)
        or (
            not is_complete
            and (
                complete_quarters = 0
                or prior_year_same_quarters is null
                or (direction = 'increase' and prior_year_same_quarters = 0)
            )
        ) as has_no_baseline,
        -- a rate whose year (or, for the current year, whose complete quarters) had no estimated
        -- hours: there is no actual to judge
        (is_complete and actual is null) or (not is_complete and complete_quarters > 0 and ytd_actual is null)
            as has_no_data
    from with_prior_year
),

targets as (
    select
        *,
        case
            when has_no_baseline then null
            -- targets are published rounded to 2 decimals (half away from zero, in decimal
            -- arithmetic, as an auditor would round by hand), and compared as published
            else round((prior_year_actual * target_factor)::decimal(18, 6), 2)::double
        end as target,
        case
            when has_no_baseline and not is_complete then null
            else round((prior_year_same_quarters * target_factor)::decimal(18, 6), 2)::double
        end as ytd_target,
        -- from the published (rounded) actuals, so a reader can recompute it
        case
            when is_complete and prior_year_actual > 0 then actual / prior_year_actual - 1
            when not is_complete and prior_year_same_quarters > 0 then ytd_actual / prior_year_same_quarters - 1
        end as change_from_prior
    from baselines
),

final as (
    select
        series_id,
        series_name,
        measure_id,
        unit,
        direction,
        fiscal_year,
        actual,
        prior_year_actual,
        target,
        baseline_fiscal_year,
        baseline_value,
        {{ published_round('change_from_prior', 4) }} as pct_change,
        case
            when has_no_data then 'no data'
            when has_no_baseline then 'no baseline'
            when is_complete and direction = 'increase' then if(actual >= target, 'met', 'not met')
            when is_complete and direction = 'decrease' then if(actual <= target, 'met', 'not met')
            when direction = 'increase' then if(ytd_actual >= ytd_target, 'on track', 'behind')
            else if(ytd_actual <= ytd_target, 'on track', 'behind')
        end as status,
        is_complete,
        complete_quarters,
        ytd_actual,
        ytd_target
    from targets
)

select * from final
