-- Disparate impact per fiscal year, decision (training participation, promotion, retention),
-- dimension (race/ethnicity, sex) and group (measures.md, "Disparate impact"): rate, the reference
-- group, the impact ratio (the EEOC four-fifths rule, 29 CFR 1607.4(D)) with its Katz 95% interval,
-- the z-test and Fisher p-values (int_workforce_disparity__tests, scipy), the flag and
-- small_numbers.
-- The flag uses Fisher's p where an expected cell is below 5, the z-test's otherwise; "below
-- four-fifths" is decided in integers (5 a n2 < 4 c n1), so a ratio at exactly 0.8 is not below.
-- Suppression (macros/suppression.sql, multi_count_suppression), per breakdown (fiscal year x
-- decision x dimension, Not reported included): a group is hidden when its eligible, selected or
-- not selected (separations, non-participants) count is 1 to EQUITY_SMALL_CELL_THRESHOLD people, or
-- the difference its row makes with the promotion row (hired after the first day, on the training
-- row; retired, on the retention row), or when workforce_representation hides the same people's
-- hires (training row) or last year's headcount (every row). Then, count by count, a lone hidden
-- group above zero takes the next smallest with it (none left: the whole breakdown). A hidden
-- group's counts, rate and comparisons are NULL; when the reference is hidden every comparison of
-- its breakdown is NULL too (rate / ratio would give its counts back).
with

tested as (
    select * from {{ ref('int_workforce_disparity__tests') }}
),

-- Typed here: a Python model's empty frame (no HR export yet) carries no column types.
cells as (
    select
        fiscal_year::integer as fiscal_year,
        decision::varchar as decision,
        decision_order::integer as decision_order,
        dimension::varchar as dimension,
        dimension_order::integer as dimension_order,
        group_name::varchar as group_name,
        group_order::integer as group_order,
        is_complete::boolean as is_complete,
        eligible::bigint as eligible,
        selected::bigint as selected,
        (eligible - selected)::bigint as not_selected,
        reference_group::varchar as reference_group,
        reference_eligible::bigint as reference_eligible,
        reference_selected::bigint as reference_selected,
        z_score::double as z_score,
        p_value::double as p_value,
        fisher_p_value::double as fisher_p_value,
        impact_ratio_ci_low::double as impact_ratio_ci_low,
        impact_ratio_ci_high::double as impact_ratio_ci_high,
        min_expected::double as min_expected
    from tested
),

-- The decisions share people, so their differences are counts of people too: training minus
-- promotion eligible = hired after the first day, promotion minus retention eligible = retired.
-- Each sits on the row it would give away (training; retention), as a fourth count.
linked_counts as (
    select
        *,
        case decision
            when 'training_participation'
                then eligible - coalesce(
                    max(eligible) filter (where decision = 'promotion') over same_group, eligible
                )
            when 'retention'
                then coalesce(max(eligible) filter (where decision = 'promotion') over same_group, eligible) - eligible
            else 0
        end as between_decisions
    from cells
    window same_group as (partition by fiscal_year, dimension, group_name)
),

-- The representation group holding the same people (disparity_groups' census columns): where its
-- ALL hires of the year are hidden, the training row would give them back (hired after the first
-- day); where its ALL headcount on the previous year's last day is hidden, every row would (they
-- are the people employed on this year's first day).
hidden_in_representation as (
    select distinct
        disparity_groups.dimension,
        disparity_groups.group_name,
        representation.fiscal_year + shift.years as fiscal_year,
        shift.years = 0 as hires_only
    from {{ ref('disparity_groups') }} as disparity_groups
    inner join {{ ref('workforce_representation') }} as representation
        on
            disparity_groups.census_dimension = representation.dimension
            and disparity_groups.census_group = representation.group_name
    cross join (values (0), (1)) as shift (years)
    where
        representation.eeo4_job_category = 'ALL'
        and (
            (shift.years = 0 and representation.hires_suppressed)
            or (shift.years = 1 and representation.employees_suppressed)
        )
),

linked as (
    select
        linked_counts.*,
        coalesce(bool_or(
            hidden_in_representation.group_name is not null
            and (not hidden_in_representation.hires_only or linked_counts.decision = 'training_participation')
        ), false) as hidden_in_representation
    from linked_counts
    left join hidden_in_representation
        on
            linked_counts.fiscal_year = hidden_in_representation.fiscal_year
            and linked_counts.dimension = hidden_in_representation.dimension
            and linked_counts.group_name = hidden_in_representation.group_name
    group by all
),

suppressed_cells as (
    {{ multi_count_suppression(
        'linked', ['fiscal_year', 'decision', 'dimension'], 'group_order',
        ['eligible', 'selected', 'not_selected', 'between_decisions'],
        is_primary='hidden_in_representation'
    ) }}
),

hidden as (
    select
        *,
        suppressed as is_hidden,
        coalesce(bool_or(suppressed and group_name = reference_group) over breakdown, false) as reference_hidden
    from suppressed_cells
    window breakdown as (partition by fiscal_year, decision, dimension)
),

compared as (
    select
        *,
        not is_hidden
        and not reference_hidden
        and reference_group is not null
        and group_name <> 'Not reported'
        and eligible > 0 as is_compared,
        -- a reference rate of 0 leaves every ratio undefined (the tests still compare the rates)
        coalesce(reference_selected > 0, false) as has_ratio,
        group_name = reference_group as is_reference,
        5 * selected * reference_eligible < 4 * reference_selected * eligible as below_four_fifths,
        coalesce(if(min_expected < 5, fisher_p_value, p_value) < 0.05, false) as is_significant
    from hidden
),

final as (
    select
        fiscal_year,
        decision,
        dimension,
        group_name,
        if(is_hidden, null, eligible)::bigint as eligible,
        if(is_hidden, null, selected)::bigint as selected,
        -- declared precision: rates, ratios and intervals 4 decimals, z 4, p-values 6
        if(is_hidden or eligible = 0, null, {{ published_round('selected / eligible', 4) }}) as rate,
        reference_group,
        case
            when not (is_compared and has_ratio) then null
            when is_reference then 1.0
            else {{ published_round('(selected * reference_eligible) / (eligible * reference_selected)', 4) }}
        end as impact_ratio,
        if(is_compared and has_ratio, {{ published_round('impact_ratio_ci_low', 4) }}, null) as impact_ratio_ci_low,
        if(is_compared and has_ratio, {{ published_round('impact_ratio_ci_high', 4) }}, null) as impact_ratio_ci_high,
        if(is_compared, {{ published_round('z_score', 4) }}, null) as z_score,
        if(is_compared, {{ published_round('p_value', 6) }}, null) as p_value,
        if(is_compared, {{ published_round('fisher_p_value', 6) }}, null) as fisher_p_value,
        case
            when not (is_compared and has_ratio) then null
            when is_reference then 'no impact'
            when below_four_fifths and is_significant then 'adverse impact'
            when below_four_fifths then 'four-fifths only'
            when is_significant then 'significant only'
            else 'no impact'
        end as flag,
        eligible < {{ var('disparity_min_eligible') | int }} as small_numbers,
        is_hidden as suppressed,
        is_complete
    from compared
    order by fiscal_year, decision_order, dimension_order, group_order
)

select * from final
