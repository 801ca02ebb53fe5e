-- The source rows behind each board_recruitment row: the seat's row in the newest complete roster
-- (int_board_seats__current). days_vacant also reads earlier rosters (int_board_seats__vacant_since),
-- which are not listed.
with

seats as (
    select * from {{ ref('int_board_seats__current') }}
),

contributions as (
    select
        board_code,
        seat_id,
        'board_roster' as source,
        source_file,
        source_sha256,
        source_line,
        as_of_date,
        export_version
    from seats
),

{{ lineage_by_file(ref('board_recruitment'), ['board_code', 'seat_id'], 'contributions') }}
