-- Each employee's self-reported answers grouped both ways (macros/demographic_schemes.sql), from
-- the newest export that lists them (snapshot semantics: a late self-identification stands for
-- every year, the earlier blank was a missing answer, not a different person).
-- Disparate impact: race_ethnicity as reported (several = Multiracial) and sex, 'Not reported'
-- when blank or declined. Representation: race on the 2020 Census scheme, Hispanic ethnicity and
-- sex, NULL when not answered (excluded from the shares).
with

employees as (
    select
        employee_key,
        {{ reported_answer('race_ethnicity') }} as race_ethnicity,
        {{ reported_answer('sex') }} as sex
    from {{ ref('int_employees__current') }}
),

final as (
    select
        employee_key,
        {{ disparity_race_ethnicity('race_ethnicity') }} as disparity_race_ethnicity,
        coalesce(sex, 'Not reported') as disparity_sex,
        {{ census_race('race_ethnicity') }} as census_race,
        {{ census_hispanic_ethnicity('race_ethnicity') }} as census_hispanic_ethnicity,
        sex as census_sex
    from employees
)

select * from final
