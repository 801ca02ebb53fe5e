-- Per fiscal year, EEO-4 job category (and ALL), dimension and group (representation_groups' race,
-- hispanic_ethnicity and sex; 0 when empty): employees and hires before suppression, beside the
-- category's employees and hires who answered the dimension and all its employees, and the
-- community's share of the group. Every category any export has shown appears in every year.
-- Small-cell suppression is the mart's.
with

years as (
    select * from {{ ref('int_workforce__fiscal_years') }}
),

people as (
    select * from {{ ref('int_workforce_representation__people') }}
),

representation_groups as (
    select * from {{ ref('representation_groups') }}
    where dimension in ('race', 'hispanic_ethnicity', 'sex')
),

reference as (
    select * from {{ ref('int_community_population__shares') }}
),

categories as (
    select distinct eeo4_job_category from {{ ref('stg_hr_workforce__employees') }}
    union all
    select 'ALL' as eeo4_job_category
),

answers as (
    select
        people.fiscal_year,
        people.is_employee,
        people.is_hire,
        answered.dimension,
        answered.group_name,
        category.eeo4_job_category
    from people
    inner join {{ ref('int_employees__groups') }} as employee_groups
        on people.employee_key = employee_groups.employee_key
    cross join
        lateral (
            values
            ('race', employee_groups.census_race),
            ('hispanic_ethnicity', employee_groups.census_hispanic_ethnicity),
            ('sex', employee_groups.census_sex)
        ) as answered (dimension, group_name)
    cross join lateral (values (people.eeo4_job_category), ('ALL')) as category (eeo4_job_category)
),

counted as (
    select
        fiscal_year,
        eeo4_job_category,
        dimension,
        group_name,
        count(*) filter (where is_employee) as employees,
        count(*) filter (where is_hire) as hires
    from answers
    where group_name is not null
    group by fiscal_year, eeo4_job_category, dimension, group_name
),

answered_totals as (
    select
        fiscal_year,
        eeo4_job_category,
        dimension,
        count(*) filter (where is_employee and group_name is not null) as reported_employees,
        count(*) filter (where is_employee) as all_employees,
        count(*) filter (where is_hire and group_name is not null) as reported_hires
    from answers
    group by fiscal_year, eeo4_job_category, dimension
),

final as (
    select
        years.fiscal_year,
        years.counted_through as as_of_date,
        years.is_complete,
        categories.eeo4_job_category,
        representation_groups.dimension,
        representation_groups.dimension_order,
        representation_groups.group_name,
        representation_groups.group_order,
        coalesce(counted.employees, 0) as employees,
        coalesce(counted.hires, 0) as hires,
        coalesce(answered_totals.reported_employees, 0) as reported_employees,
        coalesce(answered_totals.all_employees, 0) as all_employees,
        coalesce(answered_totals.reported_hires, 0) as reported_hires,
        reference.population_share,
        reference.source as population_source,
        reference.year as population_year
    from years
    cross join categories
    cross join representation_groups
    left join counted
        on
            years.fiscal_year = counted.fiscal_year
            and categories.eeo4_job_category = counted.eeo4_job_category
            and representation_groups.dimension = counted.dimension
            and representation_groups.group_name = counted.group_name
    left join answered_totals
        on
            years.fiscal_year = answered_totals.fiscal_year
            and categories.eeo4_job_category = answered_totals.eeo4_job_category
            and representation_groups.dimension = answered_totals.dimension
    left join reference
        on
            representation_groups.dimension = reference.dimension
            and representation_groups.group_name = reference.group_name
)

select * from final
