-- The newest roster's seats with what the Mayor's Office recruits by: Vacant (and since when),
-- Holdover (serving past the term's end), or a Filled term ending within 90 days.
with

seats as (
    select * from {{ ref('int_board_seats__current') }}
),

vacant_since as (
    select * from {{ ref('int_board_seats__vacant_since') }}
),

final as (
    select
        seats.as_of_date,
        seats.board_code,
        seats.board_name,
        seats.seat_id,
        seats.seat_type,
        seats.seat_status,
        case
            when seats.seat_status = 'Vacant' then 'Vacant'
            when seats.seat_status = 'Holdover' then 'Holdover'
            when {{ term_ends_soon('seats.term_end', 'seats.as_of_date') }} then 'Term ending'
        end as recruitment_status,
        if(seats.seat_status = 'Vacant', null, seats.term_end) as term_end,
        datediff('day', vacant_since.vacant_since, seats.as_of_date) as days_vacant,
        if(seats.seat_status = 'Vacant', null, datediff('day', seats.as_of_date, seats.term_end)) as days_to_term_end
    from seats
    left join vacant_since
        on seats.board_code = vacant_since.board_code and seats.seat_id = vacant_since.seat_id
)

select * from final
