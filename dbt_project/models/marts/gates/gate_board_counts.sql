-- Per board: board_seats' statuses adding up to its seats, and board_recruitment listing exactly
-- the seats board_seats counts as vacant, holding over and with a term ending (expected = actual).
with

board_seats as (
    select * from {{ ref('board_seats') }}
),

recruitment as (
    select * from {{ ref('board_recruitment') }}
),

statuses as (
    select 'Vacant' as status
    union all
    select 'Holdover' as status
    union all
    select 'Term ending' as status
),

listed as (
    select
        'board_recruitment' as table_name,
        board_seats.board_code,
        statuses.status || ' seats listed' as figure,
        case statuses.status
            when 'Vacant' then board_seats.vacant
            when 'Holdover' then board_seats.holdover
            else board_seats.terms_ending_90d
        end as expected,
        count(recruitment.seat_id) as actual
    from board_seats
    cross join statuses
    left join recruitment
        on board_seats.board_code = recruitment.board_code and statuses.status = recruitment.status
    group by
        board_seats.board_code,
        statuses.status,
        board_seats.vacant,
        board_seats.holdover,
        board_seats.terms_ending_90d
),

final as (
    select
        'board_seats' as table_name,
        board_code,
        'filled + holdover + vacant = seats' as figure,
        seats as expected,
        filled + holdover + vacant as actual
    from board_seats
    union all
    select * from listed
    union all
    -- a board listed for recruitment must be a board of the newest roster
    select distinct
        'board_recruitment' as table_name,
        board_code,
        'listed board is in board_seats' as figure,
        1 as expected,
        0 as actual
    from recruitment
    where board_code not in (select board_seats.board_code from board_seats)
)

select * from final
