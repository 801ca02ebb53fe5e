-- The source rows behind each board_representation row: board_representation is the newest
-- roster date's rows of board_representation_history, so its lineage is that date's rows of
-- lineage_board_representation_history.
with

history as (
    select * from {{ ref('lineage_board_representation_history') }}
),

published as (
    select * from {{ ref('board_representation') }}
),

final as (
    select
        published.dimension,
        published.group_name,
        history.source,
        history.source_file,
        history.source_sha256,
        history.as_of_date,
        history.export_version,
        history.contributing_rows
    from published
    inner join history
        on
            published.as_of_date = history.as_of_date
            and published.dimension = history.dimension
            and published.group_name = history.group_name
)

select * from final
