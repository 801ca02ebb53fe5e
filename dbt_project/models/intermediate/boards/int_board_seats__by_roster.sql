-- The seats of every complete roster date (no row quarantined: macros/board_rules.sql), each
-- date's newest version, numbered in date order: the board history that vacancies and
-- representation over time are read from.
with

seats as (
    select * from {{ ref('stg_board_roster__seats') }}
    where source_sha256 in {{ complete_board_roster_files() }}
),

versions as (
    select
        as_of_date,
        max(export_version) as export_version
    from seats
    group by as_of_date
),

rosters as (
    select
        as_of_date,
        export_version,
        row_number() over (order by as_of_date) as roster_seq,
        as_of_date = max(as_of_date) over () as is_newest
    from versions
),

final as (
    select
        seats.*,
        rosters.roster_seq,
        rosters.is_newest
    from seats
    inner join rosters
        on seats.as_of_date = rosters.as_of_date and seats.export_version = rosters.export_version
)

select * from final
