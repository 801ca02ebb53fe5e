with

source as (
    select * from {{ source('board_roster', 'board_roster') }}
),

renamed as (
    select
        board_code,
        board_name,
        seat_id,
        seat_type,
        status as seat_status,
        member_id_key as member_key,
        appointed_date,
        term_start,
        term_end,
        race_ethnicity,
        sex,
        disability,
        veteran,
        age_band,
        {{ lineage_columns() }}
    from source
)

select * from renamed
