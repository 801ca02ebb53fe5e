-- The source rows behind each language_access_monthly row: the requests it counts (not Cancelled,
-- int_language_requests__described's is_request, as the mart filters) received in the local month,
-- in the department (every department for ALL) and language, each as its newest log export holds it.
with

requests as (
    select * from {{ ref('int_language_requests__described') }}
    where is_request
),

request_rows as (
    select * from {{ ref('int_language_requests__current') }}
),

by_department as (
    select
        requests.month,
        requests.department_code,
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

contributions as (
    select * from by_department
    union all
    select * replace ('ALL' as department_code) from by_department
),

{{ lineage_by_file(ref('language_access_monthly'), ['month', 'department_code', 'language_code'], 'contributions') }}
