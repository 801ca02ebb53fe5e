-- Each request (its newest export) with what the language-access marts count: its local month and
-- fiscal year (EQUITY_TIMEZONE), whether it is a request (not Cancelled) and fulfilled (Fulfilled;
-- Partially Fulfilled is not), on time, a fulfilled vital translation, its response hours, and the
-- reference row its language counts toward (NULL for English, sign languages and no linguistic
-- content: no LEP language, macros/language_rules.sql).
with

requests as (
    select * from {{ ref('int_language_requests__current') }}
),

covered as (
    select * from {{ ref('int_lep__covered_codes') }}
),

local_times as (
    select
        *,
        timezone('{{ var("timezone") }}', received_at) as received_local
    from requests
),

final as (
    select
        local_times.request_id,
        local_times.department_code,
        local_times.language_code,
        local_times.language_name,
        local_times.service_type,
        local_times.request_status,
        date_trunc('month', local_times.received_local)::date as month,
        {{ fiscal_year('local_times.received_local::date') }} as fiscal_year,
        local_times.request_status <> 'Cancelled' as is_request,
        local_times.request_status = 'Fulfilled' as is_fulfilled,
        case
            when local_times.request_status = 'Fulfilled' and local_times.needed_by is not null
                then local_times.fulfilled_at <= local_times.needed_by
        end as is_on_time,
        local_times.request_status = 'Fulfilled'
        and local_times.service_type = 'Translation'
        and coalesce(local_times.is_vital_document, false) as is_vital_translation_fulfilled,
        if(
            local_times.request_status = 'Fulfilled',
            date_diff('second', local_times.received_at, local_times.fulfilled_at) / 3600.0,
            null
        ) as response_hours,
        local_times.minutes,
        local_times.word_count,
        local_times.cost,
        {{ is_lep_language('local_times.language_code', 'local_times.language_name') }} as is_lep_language,
        if(
            {{ is_lep_language('local_times.language_code', 'local_times.language_name') }},
            coalesce(explicit.language_code, catch_all.language_code),
            null
        ) as lep_language_code
    from local_times
    left join covered as explicit on local_times.language_code = explicit.covered_code
    left join covered as catch_all on catch_all.covered_code = '*'
)

select * from final
