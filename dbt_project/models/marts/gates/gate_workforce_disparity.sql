-- workforce_disparity, cell and figure: expected beside actual (all whole numbers).
-- Per breakdown (fiscal year, decision, dimension): exactly one reference group where a group
-- other than Not reported has enough eligible, none otherwise; the reference is one of those
-- groups and no rate of theirs is higher (compared in integers); the groups' eligible add up to
-- the people eligible; a flag beside every impact ratio; no comparison beside a hidden reference;
-- no count column (eligible, selected, not selected) exposes a hidden count to subtraction
-- (macros/suppression.sql, exposed_hidden_cell). Per fiscal year and dimension: no difference
-- between decisions (hired after the first day, retired) exposes one either (hidden where either
-- row is), and none of 1 to threshold shown. Per row: shown only where workforce_representation
-- shows the same people; no shown count of 1 to threshold; shown counts equal the counts before
-- suppression; selected at most eligible (actual = the larger).
with

counts as (
    select * from {{ ref('int_workforce_disparity__counts') }}
),

disparity as (
    select
        published.*,
        counts.eligible as eligible_before,
        counts.selected as selected_before,
        counts.eligible - counts.selected as not_selected_before,
        counts.reference_eligible,
        counts.reference_selected
    from {{ ref('workforce_disparity') }} as published
    inner join counts
        on
            published.fiscal_year = counts.fiscal_year
            and published.decision = counts.decision
            and published.dimension = counts.dimension
            and published.group_name = counts.group_name
),

eligible_people as (
    select
        fiscal_year,
        decision,
        count(*) as people
    from {{ ref('int_workforce_disparity__people') }}
    group by fiscal_year, decision
),

candidates as (
    select * from counts
    where group_name <> 'Not reported' and eligible >= {{ var('disparity_min_eligible') | int }}
),

breakdowns as (
    select
        disparity.fiscal_year,
        disparity.decision,
        disparity.dimension,
        count(distinct disparity.reference_group) as reference_groups,
        sum(disparity.eligible_before) as grouped_eligible,
        count(*) filter (where disparity.impact_ratio is not null) as impact_ratios,
        count(*) filter (where disparity.impact_ratio is not null and disparity.flag is not null) as flagged_ratios,
        coalesce(bool_or(disparity.suppressed and disparity.group_name = disparity.reference_group), false)
            as reference_hidden,
        count(*) filter (
            where
            disparity.impact_ratio is not null or disparity.z_score is not null
            or disparity.p_value is not null or disparity.fisher_p_value is not null
        ) as comparisons,
        {{ exposed_hidden_cell('disparity.suppressed', 'disparity.eligible_before') }}::int as exposed_eligible,
        {{ exposed_hidden_cell('disparity.suppressed', 'disparity.selected_before') }}::int as exposed_selected,
        {{ exposed_hidden_cell('disparity.suppressed', 'disparity.not_selected_before') }}::int
            as exposed_not_selected
    from disparity
    group by disparity.fiscal_year, disparity.decision, disparity.dimension
),

reference_checks as (
    select
        breakdowns.fiscal_year,
        breakdowns.decision,
        breakdowns.dimension,
        count(candidates.group_name) > 0 as has_candidates,
        coalesce(bool_or(candidates.group_name = candidates.reference_group), false)
        or count(candidates.group_name) = 0 as reference_is_candidate,
        -- no candidate's rate above the reference's: selected / eligible <= ref_selected / ref_eligible
        coalesce(
            bool_and(
                candidates.selected * candidates.reference_eligible
                <= candidates.reference_selected * candidates.eligible
            ),
            true
        ) as reference_is_highest
    from breakdowns
    left join candidates
        on
            breakdowns.fiscal_year = candidates.fiscal_year
            and breakdowns.decision = candidates.decision
            and breakdowns.dimension = candidates.dimension
    group by breakdowns.fiscal_year, breakdowns.decision, breakdowns.dimension
),

-- Per group and year, the differences between decisions and whether either row is hidden.
groups as (
    select
        fiscal_year,
        dimension,
        group_name,
        bool_or(suppressed) filter (where decision in ('training_participation', 'promotion')) as hired_hidden,
        bool_or(suppressed) filter (where decision in ('promotion', 'retention')) as retired_hidden,
        coalesce(
            max(eligible_before) filter (where decision = 'training_participation')
            - max(eligible_before) filter (where decision = 'promotion'),
            0
        ) as hired_after_first_day,
        coalesce(
            max(eligible_before) filter (where decision = 'promotion')
            - max(eligible_before) filter (where decision = 'retention'),
            0
        ) as retired
    from disparity
    group by fiscal_year, dimension, group_name
),

dimensions as (
    select
        fiscal_year,
        dimension,
        {{ exposed_hidden_cell('coalesce(hired_hidden, false)', 'hired_after_first_day') }}::int as exposed_hired,
        {{ exposed_hidden_cell('coalesce(retired_hidden, false)', 'retired') }}::int as exposed_retired
    from groups
    group by fiscal_year, dimension
),

-- Rows workforce_representation's hidden cells require hidden: the training row where the same
-- people's ALL hires are hidden, every row where their ALL headcount of the year before is.
representation_hidden as (
    select distinct
        disparity_groups.dimension,
        disparity_groups.group_name,
        decisions.decision,
        representation.fiscal_year + shift.years as fiscal_year
    from {{ ref('disparity_groups') }} as disparity_groups
    inner join {{ ref('workforce_representation') }} as representation
        on
            disparity_groups.census_dimension = representation.dimension
            and disparity_groups.census_group = representation.group_name
    cross join (values (0), (1)) as shift (years)
    cross join (values ('training_participation'), ('promotion'), ('retention')) as decisions (decision)
    where
        representation.eeo4_job_category = 'ALL'
        and (
            (shift.years = 0 and representation.hires_suppressed and decisions.decision = 'training_participation')
            or (shift.years = 1 and representation.employees_suppressed)
        )
),

figures as (
    select
        breakdowns.fiscal_year || ' ' || breakdowns.decision || ' ' || breakdowns.dimension as cell,
        checks.figure,
        checks.expected,
        checks.actual
    from breakdowns
    inner join reference_checks
        on
            breakdowns.fiscal_year = reference_checks.fiscal_year
            and breakdowns.decision = reference_checks.decision
            and breakdowns.dimension = reference_checks.dimension
    left join eligible_people
        on breakdowns.fiscal_year = eligible_people.fiscal_year and breakdowns.decision = eligible_people.decision
    cross join
        lateral (
            values
            ('reference groups', reference_checks.has_candidates::int, breakdowns.reference_groups),
            ('reference has the highest rate', 1, reference_checks.reference_is_highest::int),
            ('reference has enough eligible', 1, reference_checks.reference_is_candidate::int),
            ('groups add up to the eligible', coalesce(eligible_people.people, 0), breakdowns.grouped_eligible),
            ('a flag beside every impact ratio', breakdowns.impact_ratios, breakdowns.flagged_ratios),
            ('comparisons beside a hidden reference', 0, if(breakdowns.reference_hidden, breakdowns.comparisons, 0)),
            ('hidden eligible exposed', 0, breakdowns.exposed_eligible),
            ('hidden selected exposed', 0, breakdowns.exposed_selected),
            ('hidden not selected exposed', 0, breakdowns.exposed_not_selected)
        ) as checks (figure, expected, actual)
    union all
    select
        dimensions.fiscal_year || ' ' || dimensions.dimension as cell,
        checks.figure,
        checks.expected,
        checks.actual
    from dimensions
    cross join
        lateral (
            values
            ('hidden hires after the first day exposed', 0, dimensions.exposed_hired),
            ('hidden retirements exposed', 0, dimensions.exposed_retired)
        ) as checks (figure, expected, actual)
    union all
    select
        groups.fiscal_year || ' ' || groups.dimension || ' ' || groups.group_name as cell,
        checks.figure,
        checks.expected,
        checks.actual
    from groups
    cross join
        lateral (
            values
            (
                'shown small hires after the first day', 0,
                (not coalesce(groups.hired_hidden, true) and {{ is_small_cell('groups.hired_after_first_day') }})::int
            ),
            (
                'shown small retirements', 0,
                (not coalesce(groups.retired_hidden, true) and {{ is_small_cell('groups.retired') }})::int
            )
        ) as checks (figure, expected, actual)
    union all
    select
        disparity.fiscal_year || ' ' || disparity.decision || ' ' || disparity.dimension || ' '
        || disparity.group_name as cell,
        'shown where representation hides the same people' as figure,
        0 as expected,
        (representation_hidden.group_name is not null and not disparity.suppressed)::int as actual
    from disparity
    left join representation_hidden
        on
            disparity.fiscal_year = representation_hidden.fiscal_year
            and disparity.decision = representation_hidden.decision
            and disparity.dimension = representation_hidden.dimension
            and disparity.group_name = representation_hidden.group_name
    union all
    select
        disparity.fiscal_year || ' ' || disparity.decision || ' ' || disparity.dimension || ' '
        || disparity.group_name as cell,
        checks.figure,
        checks.expected,
        checks.actual
    from disparity
    cross join
        lateral (
            values
            ('selected at most eligible', disparity.eligible, greatest(disparity.eligible, disparity.selected)),
            ('shown eligible unaltered', disparity.eligible_before, disparity.eligible),
            ('shown selected unaltered', disparity.selected_before, disparity.selected),
            (
                'shown small count', 0,
                (
                    {{ is_small_cell('disparity.eligible') }} or {{ is_small_cell('disparity.selected') }}
                    or {{ is_small_cell('disparity.eligible - disparity.selected') }}
                )::int
            )
        ) as checks (figure, expected, actual)
    where not disparity.suppressed
),

final as (
    select
        'workforce_disparity' as table_name,
        cell,
        figure,
        expected::bigint as expected,
        actual::bigint as actual
    from figures
)

select * from final
