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
        {{ lineage_columns('source') }}
    from source
    left join languages on source.language = languages.code
)

select * from renamed
