-- The raw record is left behind: it may hold personal data.
with

source as (
    select * from {{ source('audit', 'quarantine') }}
),

renamed as (
    select
        source as source_name,
        file_name,
        file_sha256,
        line,
        column_name,
        reason
    from source
)

select * from renamed
