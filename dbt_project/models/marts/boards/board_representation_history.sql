-- Board members against the community at every roster date, per dimension and group (measures.md,
-- "Boards and commissions"). Shares are over the members who answered; parity_index = seat share /
-- population share. Small-cell suppression per date and dimension (macros/suppression.sql): a
-- group of 1 to EQUITY_SMALL_CELL_THRESHOLD members is hidden, and, when it is the only one, the
-- next smallest group with members too. When no other group has members (everyone who answered is
-- in the hidden group), the whole dimension is hidden at that date, its response rate too:
-- otherwise the groups of 0 beside it would give it away.
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

final as (
    select
        as_of_date,
        dimension,
        group_name,
        if(suppressed or total_suppressed, null, members)::bigint as members,
        -- declared precision: shares, parity and rates 4 decimals, from the unrounded ratios
        if(
            suppressed or total_suppressed or reported = 0, null, {{ published_round('members / reported', 4) }}
        ) as seat_share,
        {{ published_round('population_share', 4) }} as population_share,
        if(
            suppressed or total_suppressed or reported = 0 or not population_share > 0,
            null,
            {{ published_round('(members / reported) / population_share', 4) }}
        ) as parity_index,
        if(total_suppressed or all_members = 0, null, {{ published_round('reported / all_members', 4) }})
            as response_rate,
        suppressed or total_suppressed as suppressed,
        population_source,
        population_year::integer as population_year
    from suppressed_cells
    order by as_of_date, dimension_order, group_order
)

select * from final
