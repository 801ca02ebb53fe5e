-- Per fiscal year, decision, dimension and group (every group of disparity_groups, 0 when empty):
-- eligible and selected employees, and the reference group of the breakdown (fiscal year x
-- decision x dimension): the highest rate among groups other than Not reported with at least
-- EQUITY_DISPARITY_MIN_ELIGIBLE eligible; ties go to the group with more eligible, then to the
-- first in the seed's order, so the choice is reproducible. The reference's counts sit on every
-- row of its breakdown for the comparisons.
with

years as (
    select * from {{ ref('int_workforce__fiscal_years') }}
),

people as (
    select * from {{ ref('int_workforce_disparity__people') }}
),

disparity_groups as (
    select * from {{ ref('disparity_groups') }}
),

decisions as (
    select
        listed.decision,
        listed.decision_order
    from (
        values ('training_participation', 1), ('promotion', 2), ('retention', 3)
    ) as listed (decision, decision_order)
),

grouped as (
    select
        people.fiscal_year,
        people.decision,
        people.selected,
        answers.dimension,
        answers.group_name
    from people
    inner join {{ ref('int_employees__groups') }} as employee_groups
        on people.employee_key = employee_groups.employee_key
    cross join lateral (
        values
        ('race_ethnicity', employee_groups.disparity_race_ethnicity),
        ('sex', employee_groups.disparity_sex)
    ) as answers (dimension, group_name)
),

counted as (
    select
        fiscal_year,
        decision,
        dimension,
        group_name,
        count(*) as eligible,
        count(*) filter (where selected) as selected
    from grouped
    group by fiscal_year, decision, dimension, group_name
),

grid as (
    select
        years.fiscal_year,
        decisions.decision,
        decisions.decision_order,
        disparity_groups.dimension,
        disparity_groups.dimension_order,
        disparity_groups.group_name,
        disparity_groups.group_order,
        years.is_complete and (decisions.decision <> 'training_participation' or years.training_complete)
            as is_complete
    from years
    cross join decisions
    cross join disparity_groups
    where decisions.decision <> 'training_participation' or years.training_covered
),

cells as (
    select
        grid.*,
        coalesce(counted.eligible, 0) as eligible,
        coalesce(counted.selected, 0) as selected
    from grid
    left join counted
        on
            grid.fiscal_year = counted.fiscal_year
            and grid.decision = counted.decision
            and grid.dimension = counted.dimension
            and grid.group_name = counted.group_name
),

reference as (
    select
        fiscal_year,
        decision,
        dimension,
        group_name as reference_group,
        eligible as reference_eligible,
        selected as reference_selected
    from cells
    where group_name <> 'Not reported' and eligible >= {{ var('disparity_min_eligible') | int }}
    qualify row_number() over (
        partition by fiscal_year, decision, dimension
        order by selected / eligible desc, eligible desc, group_order asc
    ) = 1
),

final as (
    select
        cells.*,
        reference.reference_group,
        reference.reference_eligible,
        reference.reference_selected
    from cells
    left join reference
        on
            cells.fiscal_year = reference.fiscal_year
            and cells.decision = reference.decision
            and cells.dimension = reference.dimension
)

select * from final
