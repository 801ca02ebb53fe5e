-- Per roster date, each board member (a Filled or Holdover seat) in each dimension's group, NULL
-- when the member did not answer (blank or Declined to State). A member on several boards counts
-- once, with the answers of their first seat by board and seat.
-- Race on the 2020 Census scheme (measures.md): Hispanic or Latino is an ethnicity, not a race;
-- Middle Eastern or North African counts as White; one race left = that race, several = Two or
-- More Races, none (Hispanic or Latino alone) = Some Other Race.
with

seats as (
    select * from {{ ref('int_board_seats__by_roster') }}
    where seat_status in ('Filled', 'Holdover')
),

members as (
    select
        as_of_date,
        member_key,
        {{ reported_answer('race_ethnicity') }} as race_ethnicity,
        {{ reported_answer('sex') }} as sex,
        {{ reported_answer('age_band') }} as age_band,
        {{ reported_answer('disability') }} as disability,
        {{ reported_answer('veteran') }} as veteran
    from seats
    qualify row_number() over (partition by as_of_date, member_key order by board_code, seat_id) = 1
),

-- The loader stores a list of answers canonical, in the contract's order, joined by '; '.
answers as (
    select
        as_of_date,
        member_key,
        unnest(string_split(race_ethnicity, '; ')) as answer
    from members
    where race_ethnicity is not null
),

census as (
    select
        as_of_date,
        member_key,
        bool_or(answer = 'Hispanic or Latino') as is_hispanic,
        count(distinct census_race) as races,
        min(census_race) as only_race
    from (
        select
            as_of_date,
            member_key,
            answer,
            case
                when answer = 'Hispanic or Latino' then null
                when answer = 'Middle Eastern or North African' then 'White'
                else answer
            end as census_race
        from answers
    ) as mapped
    group by as_of_date, member_key
),

described as (
    select
        members.*,
        case
            when census.races = 0 then 'Some Other Race'
            when census.races = 1 then census.only_race
            when census.races > 1 then 'Two or More Races'
        end as race,
        case
            when census.is_hispanic then 'Hispanic or Latino'
            when census.is_hispanic = false then 'Not Hispanic or Latino'
        end as hispanic_ethnicity
    from members
    left join census on members.as_of_date = census.as_of_date and members.member_key = census.member_key
),

final as (
    select
        as_of_date,
        member_key,
        dimension,
        group_name
    from described
    unpivot include nulls (
        group_name for dimension in (race, hispanic_ethnicity, sex, age_band, disability, veteran)
    )
)

select * from final
