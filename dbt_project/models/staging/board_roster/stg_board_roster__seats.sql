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
        _source_file as source_file,
        _sha256 as source_sha256,
        _line as source_line,
        _as_of as as_of_date,
        _version as export_version
    from source
)

select * from renamed
