-- Seats are described by the newest complete roster alone (int_board_seats__by_roster, which
-- holds the complete rosters and marks the newest): a seat missing from it no longer exists.
with

rosters as (
    select * from {{ ref('int_board_seats__by_roster') }}
),

current_seats as (
    select * exclude (roster_seq, is_newest)
    from rosters
    where is_newest
)

select * from current_seats
