-- Each seat vacant in the newest roster, with the first roster date of its unbroken vacancy: the
-- run of consecutive rosters listing it Vacant that ends at the newest. A roster where the seat is
-- held, holding over or not listed at all breaks the run. A vacancy already in the oldest roster
-- counts from the oldest roster: the history shows no earlier date.
with

seats as (
    select * from {{ ref('int_board_seats__by_roster') }}
),

rosters as (
    select distinct
        roster_seq,
        as_of_date
    from seats
),

vacant_now as (
    select
        board_code,
        seat_id
    from seats
    where is_newest and seat_status = 'Vacant'
),

seat_history as (
    select
        vacant_now.board_code,
        vacant_now.seat_id,
        rosters.roster_seq,
        rosters.as_of_date,
        seats.seat_status
    from vacant_now
    cross join rosters
    left join seats
        on
            vacant_now.board_code = seats.board_code
            and vacant_now.seat_id = seats.seat_id
            and rosters.roster_seq = seats.roster_seq
),

last_not_vacant as (
    select
        board_code,
        seat_id,
        max(roster_seq) as roster_seq
    from seat_history
    where seat_status is distinct from 'Vacant'
    group by board_code, seat_id
),

final as (
    select
        seat_history.board_code,
        seat_history.seat_id,
        min(seat_history.as_of_date) as vacant_since
    from seat_history
    left join last_not_vacant
        on seat_history.board_code = last_not_vacant.board_code and seat_history.seat_id = last_not_vacant.seat_id
    where seat_history.roster_seq > coalesce(last_not_vacant.roster_seq, 0)
    group by seat_history.board_code, seat_history.seat_id
)

select * from final
