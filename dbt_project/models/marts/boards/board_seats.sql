-- Per board, as of the newest roster (which alone describes the seats: a board missing from it is
-- gone): seats by status, the vacancy rate, Filled terms ending within 90 days, and how long the
-- board's oldest current vacancy has lasted (days since the first roster of its unbroken run).
with

seats as (
    select * from {{ ref('int_board_seats__recruitment') }}
),

counted as (
    select
        as_of_date,
        board_code,
        min(board_name) as board_name,
        count(*) as seats,
        count(*) filter (where seat_status = 'Filled') as filled,
        count(*) filter (where seat_status = 'Holdover') as holdover,
        count(*) filter (where seat_status = 'Vacant') as vacant,
        count(*) filter (where recruitment_status = 'Term ending') as terms_ending_90d,
        max(days_vacant) as days_since_oldest_vacancy
    from seats
    group by as_of_date, board_code
),

final as (
    select
        as_of_date,
        board_code,
        board_name,
        seats::bigint as seats,
        filled::bigint as filled,
        holdover::bigint as holdover,
        vacant::bigint as vacant,
        -- declared precision: 4 decimals
        {{ published_round('vacant / seats', 4) }} as vacancy_rate,
        terms_ending_90d::bigint as terms_ending_90d,
        days_since_oldest_vacancy::bigint as days_since_oldest_vacancy
    from counted
    order by board_code
)

select * from final
