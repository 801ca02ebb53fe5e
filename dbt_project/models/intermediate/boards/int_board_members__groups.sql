-- Per roster date, each board member (a Filled or Holdover seat) in each dimension's group, NULL
-- when the member did not answer (blank or Declined to State). A member on several boards counts
-- once, with the answers of their first seat by board and seat.
-- Race on the 2020 Census scheme (measures.md; macros/demographic_schemes.sql, shared with the
-- workforce's representation).
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

described as (
    select
        *,
        {{ census_race('race_ethnicity') }} as race,
        {{ census_hispanic_ethnicity('race_ethnicity') }} as hispanic_ethnicity
    from members
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
