-- The source rows behind each language_access_safe_harbor row: the requests (not Cancelled) and
-- the fulfilled vital translations of the fiscal year whose language maps to the reference
-- language (lep_language_code, as the mart counts them). The LEP population is a seed, not a file.
with

requests as (
    select * from {{ ref('int_language_requests__described') }}
    where lep_language_code is not null and (is_request or is_vital_translation_fulfilled)
),

request_rows as (
    select * from {{ ref('int_language_requests__current') }}
),

contributions as (
    select
        requests.fiscal_year,
        requests.lep_language_code as language_code,
        'language_access' as source,
        request_rows.source_file,
        request_rows.source_sha256,
        request_rows.source_line,
        request_rows.as_of_date,
        request_rows.export_version
    from requests
    inner join request_rows on requests.request_id = request_rows.request_id
),

{{ lineage_by_file(ref('language_access_safe_harbor'), ['fiscal_year', 'language_code'], 'contributions') }}
