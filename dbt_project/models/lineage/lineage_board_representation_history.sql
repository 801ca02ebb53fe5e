-- The source rows behind each board_representation_history row: the occupied seats (Filled or
-- Holdover, the seats int_board_members__groups reads members from) of the complete roster of
-- that date (its as_of_date is the file's). Every one of them feeds the row: its group's members
-- are among them, and its shares and response rate divide by them. Population shares are a seed.
with

seats as (
    select * from {{ ref('int_board_seats__by_roster') }}
    where seat_status in ('Filled', 'Holdover')
),

groups as (
    select distinct
        as_of_date,
        dimension,
        group_name
    from {{ ref('board_representation_history') }}
),

contributions as (
    select
        groups.as_of_date,
        groups.dimension,
        groups.group_name,
        'board_roster' as source,
        seats.source_file,
        seats.source_sha256,
        seats.source_line,
        seats.export_version
    from groups
    inner join seats on groups.as_of_date = seats.as_of_date
),

{{ lineage_by_file(ref('board_representation_history'), ['as_of_date', 'dimension', 'group_name'], 'contributions') }}
