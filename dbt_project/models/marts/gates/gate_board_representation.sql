-- Per representation mart, roster date and dimension: the groups' members before suppression
-- beside the members who answered (equal: the shares sum to 1, no answer fell outside the
-- groups); the published members of the groups shown beside the same groups before suppression
-- (equal: suppression hides, never alters); and whether exactly one group is hidden (never: its
-- complement must be hidden with it).
with

cells as (
    select * from {{ ref('int_board_representation__cells') }}
),

published as (
    select
        'board_representation' as table_name,
        as_of_date,
        dimension,
        group_name,
        members,
        suppressed
    from {{ ref('board_representation') }}
    union all
    select
        'board_representation_history' as table_name,
        as_of_date,
        dimension,
        group_name,
        members,
        suppressed
    from {{ ref('board_representation_history') }}
),

before_suppression as (
    select
        as_of_date,
        dimension,
        sum(members) as grouped_members,
        max(reported) as reported_members
    from cells
    group by as_of_date, dimension
),

compared as (
    select
        published.table_name,
        published.as_of_date,
        published.dimension,
        coalesce(sum(published.members) filter (where not published.suppressed), 0) as shown_members,
        coalesce(sum(cells.members) filter (where not published.suppressed), 0) as shown_members_before_suppression,
        count(*) filter (where published.suppressed) = 1 as lone_hidden_group
    from published
    left join cells
        on
            published.as_of_date = cells.as_of_date
            and published.dimension = cells.dimension
            and published.group_name = cells.group_name
    group by published.table_name, published.as_of_date, published.dimension
),

final as (
    select
        compared.table_name,
        compared.as_of_date,
        compared.dimension,
        before_suppression.grouped_members::bigint as grouped_members,
        before_suppression.reported_members::bigint as reported_members,
        compared.shown_members::bigint as shown_members,
        compared.shown_members_before_suppression::bigint as shown_members_before_suppression,
        compared.lone_hidden_group,
        false as lone_hidden_allowed
    from compared
    left join before_suppression
        on compared.as_of_date = before_suppression.as_of_date and compared.dimension = before_suppression.dimension
)

select * from final
