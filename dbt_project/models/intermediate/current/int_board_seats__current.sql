-- Seats are described by the newest complete roster alone (no row quarantined:
-- macros/board_rules.sql): a seat missing from it no longer exists.
with

seats as (
    select * from {{ ref('stg_board_roster__seats') }}
    where source_sha256 in {{ complete_board_roster_files() }}
),

newest_roster as (
    select
        as_of_date,
        export_version
    from seats
    order by as_of_date desc, export_version desc
    limit 1
),

current_seats as (
    select seats.*
    from seats
    inner join newest_roster
        on
            seats.as_of_date = newest_roster.as_of_date
            and seats.export_version = newest_roster.export_version
)

select * from current_seats
