-- Per workforce mart (table_name), cell and figure: expected beside actual (all whole numbers).
-- workforce_disparity, per breakdown (fiscal year, decision, dimension): exactly one reference
-- group where any group other than Not reported has enough eligible, none otherwise; the
-- reference is one of those groups and its rate the highest of theirs (compared in integers); the groups' eligible
-- add up to the people eligible (every eligible employee in exactly one group); no count column
-- (eligible, selected, not selected) exposes a small hidden cell to subtraction
-- (macros/suppression.sql, exposed_hidden_cell); every impact ratio has a flag; the published counts
-- equal the counts before suppression. Per row: selected at most eligible (actual = the larger).
-- workforce_representation, for employees and hires: per category and dimension the groups add up
-- to the respondents, and no lone hidden cell; per group across the categories the ALL cell is
-- their sum, and no lone hidden cell among the nine; the published counts equal the unsuppressed.
with

counts as (
    select * from {{ ref('int_workforce_disparity__counts') }}
),

disparity as (
    select
        published.*,
        counts.eligible as eligible_before,
        counts.selected as selected_before,
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

disparity_breakdowns as (
    select
        disparity.fiscal_year,
        disparity.decision,
        disparity.dimension,
        count(distinct disparity.reference_group) as reference_groups,
        sum(disparity.eligible_before) as grouped_eligible,
        {{ exposed_hidden_cell('disparity.suppressed', 'disparity.eligible_before') }}::int
            as lone_hidden_eligible,
        {{ exposed_hidden_cell('disparity.suppressed', 'disparity.selected_before') }}::int
            as lone_hidden_selected,
        {{ exposed_hidden_cell('disparity.suppressed', '(disparity.eligible_before - disparity.selected_before)') }}::int
            as lone_hidden_not_selected,
        count(*) filter (where disparity.impact_ratio is not null) as impact_ratios,
        count(*) filter (where disparity.impact_ratio is not null and disparity.flag is not null) as flagged_ratios,
        coalesce(sum(disparity.eligible) filter (where not disparity.suppressed), 0) as shown_eligible,
        coalesce(sum(disparity.eligible_before) filter (where not disparity.suppressed), 0)
            as shown_eligible_before,
        coalesce(sum(disparity.selected) filter (where not disparity.suppressed), 0) as shown_selected,
        coalesce(sum(disparity.selected_before) filter (where not disparity.suppressed), 0)
            as shown_selected_before
    from disparity
    group by disparity.fiscal_year, disparity.decision, disparity.dimension
),

reference_checks as (
    select
        breakdowns.fiscal_year,
        breakdowns.decision,
        breakdowns.dimension,
        count(candidates.group_name) > 0 as has_candidates,
        -- the reference is one of the candidates (enough eligible, not Not reported)
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
    from disparity_breakdowns as breakdowns
    left join candidates
        on
            breakdowns.fiscal_year = candidates.fiscal_year
            and breakdowns.decision = candidates.decision
            and breakdowns.dimension = candidates.dimension
    group by breakdowns.fiscal_year, breakdowns.decision, breakdowns.dimension
),

disparity_figures as (
    select
        breakdowns.fiscal_year || ' ' || breakdowns.decision || ' ' || breakdowns.dimension as cell,
        figures.figure,
        figures.expected,
        figures.actual
    from disparity_breakdowns as breakdowns
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
            ('small hidden eligible exposed', 0, breakdowns.lone_hidden_eligible),
            ('small hidden selected exposed', 0, breakdowns.lone_hidden_selected),
            ('small hidden not selected exposed', 0, breakdowns.lone_hidden_not_selected),
            ('shown eligible unaltered', breakdowns.shown_eligible_before, breakdowns.shown_eligible),
            ('shown selected unaltered', breakdowns.shown_selected_before, breakdowns.shown_selected)
        ) as figures (figure, expected, actual)
    union all
    select
        fiscal_year || ' ' || decision || ' ' || dimension || ' ' || group_name as cell,
        'selected at most eligible' as figure,
        eligible as expected,
        greatest(eligible, selected) as actual
    from disparity
    where not suppressed
),

representation as (
    select
        published.fiscal_year,
        published.eeo4_job_category,
        published.dimension,
        published.group_name,
        published.employees_suppressed,
        published.hires_suppressed,
        published.employees,
        published.hires,
        cells.employees as employees_before,
        cells.hires as hires_before,
        cells.reported_employees,
        cells.reported_hires
    from {{ ref('workforce_representation') }} as published
    inner join {{ ref('int_workforce_representation__cells') }} as cells
        on
            published.fiscal_year = cells.fiscal_year
            and published.eeo4_job_category = cells.eeo4_job_category
            and published.dimension = cells.dimension
            and published.group_name = cells.group_name
),

category_breakdowns as (
    select
        fiscal_year || ' ' || eeo4_job_category || ' ' || dimension as cell,
        sum(employees_before) as grouped_employees,
        max(reported_employees) as reported_employees,
        sum(hires_before) as grouped_hires,
        max(reported_hires) as reported_hires,
        {{ exposed_hidden_cell('employees_suppressed', 'employees_before') }}::int as lone_hidden_employees,
        {{ exposed_hidden_cell('hires_suppressed', 'hires_before') }}::int as lone_hidden_hires,
        coalesce(sum(employees) filter (where not employees_suppressed), 0) as shown_employees,
        coalesce(sum(employees_before) filter (where not employees_suppressed), 0) as shown_employees_before,
        coalesce(sum(hires) filter (where not hires_suppressed), 0) as shown_hires,
        coalesce(sum(hires_before) filter (where not hires_suppressed), 0) as shown_hires_before
    from representation
    group by fiscal_year, eeo4_job_category, dimension
),

group_breakdowns as (
    select
        fiscal_year || ' ' || dimension || ' ' || group_name as cell,
        sum(employees_before) filter (where eeo4_job_category = 'ALL') as all_employees,
        sum(employees_before) filter (where eeo4_job_category <> 'ALL') as category_employees,
        sum(hires_before) filter (where eeo4_job_category = 'ALL') as all_hires,
        sum(hires_before) filter (where eeo4_job_category <> 'ALL') as category_hires,
        {{ exposed_hidden_cell('employees_suppressed', 'employees_before') }}::int as lone_hidden_employees,
        {{ exposed_hidden_cell('hires_suppressed', 'hires_before') }}::int as lone_hidden_hires
    from representation
    group by fiscal_year, dimension, group_name
),

representation_figures as (
    select
        category_breakdowns.cell,
        figures.figure,
        figures.expected,
        figures.actual
    from category_breakdowns
    cross join
        lateral (
            values
            (
                'groups add up to the respondents', category_breakdowns.reported_employees,
                category_breakdowns.grouped_employees
            ),
            (
                'hire groups add up to the respondents', category_breakdowns.reported_hires,
                category_breakdowns.grouped_hires
            ),
            ('small hidden employees in the category exposed', 0, category_breakdowns.lone_hidden_employees),
            ('small hidden hires in the category exposed', 0, category_breakdowns.lone_hidden_hires),
            (
                'shown employees unaltered', category_breakdowns.shown_employees_before,
                category_breakdowns.shown_employees
            ),
            ('shown hires unaltered', category_breakdowns.shown_hires_before, category_breakdowns.shown_hires)
        ) as figures (figure, expected, actual)
    union all
    select
        group_breakdowns.cell,
        figures.figure,
        figures.expected,
        figures.actual
    from group_breakdowns
    cross join lateral (
        values
        ('ALL is the sum of the categories', group_breakdowns.all_employees, group_breakdowns.category_employees),
        ('ALL hires are the sum of the categories', group_breakdowns.all_hires, group_breakdowns.category_hires),
        ('small hidden employees across categories exposed', 0, group_breakdowns.lone_hidden_employees),
        ('small hidden hires across categories exposed', 0, group_breakdowns.lone_hidden_hires)
    ) as figures (figure, expected, actual)
),

final as (
    select
        'workforce_disparity' as table_name,
        cell,
        figure,
        expected::bigint as expected,
        actual::bigint as actual
    from disparity_figures
    union all
    select
        'workforce_representation' as table_name,
        cell,
        figure,
        expected::bigint as expected,
        actual::bigint as actual
    from representation_figures
)

select * from final
