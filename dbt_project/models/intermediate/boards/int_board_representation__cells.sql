-- Per roster date, dimension and group (every group of representation_groups): members before
-- suppression, the dimension's members who answered (reported) and all members, and the
-- community's share of the group. Small-cell suppression is the mart's.
with

members as (
    select * from {{ ref('int_board_members__groups') }}
),

rosters as (
    select distinct as_of_date from {{ ref('int_board_seats__by_roster') }}
),

representation_groups as (
    select * from {{ ref('representation_groups') }}
),

reference as (
    select * from {{ ref('int_community_population__shares') }}
),

counted as (
    select
        as_of_date,
        dimension,
        group_name,
        count(*) as members
    from members
    where group_name is not null
    group by as_of_date, dimension, group_name
),

answered as (
    select
        as_of_date,
        dimension,
        count(group_name) as reported,
        count(*) as all_members
    from members
    group by as_of_date, dimension
),

final as (
    select
        rosters.as_of_date,
        representation_groups.dimension,
        representation_groups.dimension_order,
        representation_groups.group_name,
        representation_groups.group_order,
        coalesce(counted.members, 0) as members,
        coalesce(answered.reported, 0) as reported,
        coalesce(answered.all_members, 0) as all_members,
        reference.population_share,
        reference.source as population_source,
        reference.year as population_year
    from rosters
    cross join representation_groups
    left join counted
        on
            rosters.as_of_date = counted.as_of_date
            and representation_groups.dimension = counted.dimension
            and representation_groups.group_name = counted.group_name
    left join answered
        on rosters.as_of_date = answered.as_of_date and representation_groups.dimension = answered.dimension
    left join reference
        on
            representation_groups.dimension = reference.dimension
            and representation_groups.group_name = reference.group_name
)

select * from final
