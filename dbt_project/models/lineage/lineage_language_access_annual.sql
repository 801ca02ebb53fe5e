-- The source rows behind each language_access_annual row: the requests it counts (not Cancelled)
-- received in the fiscal year in the language, all departments, each as its newest export holds it.
with

requests as (
    select * from {{ ref('int_language_requests__described') }}
    where is_request
),

request_rows as (
    select * from {{ ref('int_language_requests__current') }}
),

contributions as (
    select
        requests.fiscal_year,
        requests.language_code,
        'language_access' as source,
        request_rows.source_file,
        request_rows.source_sha256,
        request_rows.source_line,
        request_rows.as_of_date,
        request_rows.export_version
    from requests
    inner join request_rows on requests.request_id = request_rows.request_id
),

{{ lineage_by_file(ref('language_access_annual'), ['fiscal_year', 'language_code'], 'contributions') }}
