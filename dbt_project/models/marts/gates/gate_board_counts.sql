-- Per board: board_seats' statuses adding up to its seats, and board_recruitment listing exactly
-- the seats board_seats counts as vacant, holding over and with a term ending (expected = actual).
with

board_seats as (
    select * from {{ ref('board_seats') }}
),

recruitment as (
    select * from {{ ref('board_recruitment') }}
),

listed as (
    select
        board_code,
        count(*) filter (where status = 'Vacant') as vacant,
        count(*) filter (where status = 'Holdover') as holdover,
        count(*) filter (where status = 'Term ending') as term_ending
    from recruitment
    group by board_code
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
    select
        'board_recruitment' as table_name,
        board_seats.board_code,
        'Vacant seats listed' as figure,
        board_seats.vacant as expected,
        coalesce(listed.vacant, 0) as actual
    from board_seats
    left join listed on board_seats.board_code = listed.board_code
    union all
    select
        'board_recruitment' as table_name,
        board_seats.board_code,
        'Holdover seats listed' as figure,
        board_seats.holdover as expected,
        coalesce(listed.holdover, 0) as actual
    from board_seats
    left join listed on board_seats.board_code = listed.board_code
    union all
    select
        'board_recruitment' as table_name,
        board_seats.board_code,
        'Term ending seats listed' as figure,
        board_seats.terms_ending_90d as expected,
        coalesce(listed.term_ending, 0) as actual
    from board_seats
    left join listed on board_seats.board_code = listed.board_code
    union all
    -- a board listed for recruitment must be a board of the newest roster
    select
        'board_recruitment' as table_name,
        listed.board_code,
        'listed board is in board_seats' as figure,
        1 as expected,
        0 as actual
    from listed
    where listed.board_code not in (select board_seats.board_code from board_seats)
)

select * from final
