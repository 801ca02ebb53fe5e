-- The source rows behind each board_seats row: the board's seat rows in the newest complete roster
-- (int_board_seats__current), every one of which the row's counts count. days_since_oldest_vacancy
-- also reads earlier rosters (int_board_seats__vacant_since), which are not listed.
with

seats as (
    select * from {{ ref('int_board_seats__current') }}
),

contributions as (
    select
        board_code,
        'board_roster' as source,
        source_file,
        source_sha256,
        source_line,
        as_of_date,
        export_version
    from seats
),

{{ lineage_by_file(ref('board_seats'), ['board_code'], 'contributions') }}
