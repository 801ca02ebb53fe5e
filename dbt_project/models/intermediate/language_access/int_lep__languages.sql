-- The reference's language rows (the newest year in lep_population), each with the population 5
-- years and over beside it: the base of the safe-harbor test.
with

reference as (
    select * from {{ ref('lep_population') }}
),

newest as (
    select max(year) as newest_year from reference
),

current_reference as (
    select reference.*
    from reference
    inner join newest on reference.year = newest.newest_year
),

population_5_plus as (
    select max(population) as population_5_plus
    from current_reference
    where language_code is null
),

final as (
    select
        current_reference.language_code,
        current_reference.language_group as language_name,
        current_reference.covers,
        current_reference.population as lep_population,
        population_5_plus.population_5_plus,
        current_reference.source,
        current_reference.year
    from current_reference
    cross join population_5_plus
    where current_reference.language_code is not null
)

select * from final
