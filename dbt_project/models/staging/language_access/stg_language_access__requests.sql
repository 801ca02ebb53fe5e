with

source as (
    select * from {{ source('language_access', 'language_access') }}
),

languages as (
    select * from {{ source('reference', 'languages') }}
),

renamed as (
    select
        source.request_id,
        source.received_at,
        source.department_code,
        source.language as language_code,
        languages.name as language_name,
        source.service_type,
        source.vital_document as is_vital_document,
        source.provider,
        source.needed_by,
        source.fulfilled_at,
        source.status as request_status,
        source.minutes,
        source.word_count,
        source.cost,
        source._source_file as source_file,
        source._sha256 as source_sha256,
        source._line as source_line,
        source._as_of as as_of_date,
        source._version as export_version
    from source
    left join languages on source.language = languages.code
)

select * from renamed
