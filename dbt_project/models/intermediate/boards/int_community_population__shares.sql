-- Each reference group's share of its dimension's population, from the dimension's newest year
-- in the community_population seed (a jurisdiction may keep older years beside it).
with

reference as (
    select * from {{ ref('community_population') }}
),

newest as (
    select
        dimension,
        max(year) as newest_year
    from reference
    group by dimension
),

current_reference as (
    select reference.*
    from reference
    inner join newest on reference.dimension = newest.dimension and reference.year = newest.newest_year
),

total as (
    select max(population) as total_population
    from current_reference
    where dimension = 'total'
),

groups as (
    select
        current_reference.dimension,
        current_reference.group_name,
        current_reference.source,
        current_reference.year,
        current_reference.population,
        sum(current_reference.population) over (partition by current_reference.dimension) as dimension_population,
        total.total_population
    from current_reference
    cross join total
    where current_reference.dimension <> 'total'
),

final as (
    select
        *,
        population / dimension_population as population_share
    from groups
)

select * from final
