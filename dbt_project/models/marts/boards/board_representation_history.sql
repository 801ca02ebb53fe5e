-- Board members against the community at every roster date, per dimension and group (measures.md,
-- "Boards and commissions"). Shares are over the members who answered; parity_index = seat share /
-- population share. Small-cell suppression per date and dimension (macros/suppression.sql): a
-- group of 1 to EQUITY_SMALL_CELL_THRESHOLD members is hidden, and, when it is the only one, the
-- next smallest group with members too. When no other group has members (everyone who answered is
-- in the hidden group), the whole dimension is hidden at that date, its response rate too:
-- otherwise the groups of 0 beside it would give it away. Race and Hispanic ethnicity have the same
-- respondents, so when one is hidden whole the other is too: its response rate would tell how many
-- answered the hidden one.
with

cells as (
    select
        *,
        {{ is_small_cell('members') }} as is_small_cell
    from {{ ref('int_board_representation__cells') }}
),

suppressed_cells as (
    {{ complementary_suppression('cells', ['as_of_date', 'dimension'], 'group_name', 'members', 'is_small_cell') }}
),

linked as (
    select
        as_of_date,
        bool_or(total_suppressed) as race_or_ethnicity_hidden
    from suppressed_cells
    where dimension in ('race', 'hispanic_ethnicity')
    group by as_of_date
),

hidden as (
    select
        suppressed_cells.*,
        suppressed_cells.total_suppressed
        or (
            suppressed_cells.dimension in ('race', 'hispanic_ethnicity')
            and coalesce(linked.race_or_ethnicity_hidden, false)
        ) as dimension_hidden
    from suppressed_cells
    left join linked on suppressed_cells.as_of_date = linked.as_of_date
),

final as (
    select
        as_of_date,
        dimension,
        group_name,
        if(suppressed or dimension_hidden, null, members)::bigint as members,
        -- declared precision: shares, parity and rates 4 decimals, from the unrounded ratios
        if(
            suppressed or dimension_hidden or reported = 0, null, {{ published_round('members / reported', 4) }}
        ) as seat_share,
        {{ published_round('population_share', 4) }} as population_share,
        if(
            suppressed or dimension_hidden or reported = 0 or not population_share > 0,
            null,
            {{ published_round('(members / reported) / population_share', 4) }}
        ) as parity_index,
        if(dimension_hidden or all_members = 0, null, {{ published_round('reported / all_members', 4) }})
            as response_rate,
        suppressed or dimension_hidden as suppressed,
        population_source,
        population_year::integer as population_year
    from hidden
    order by as_of_date, dimension_order, group_order
)

select * from final
