-- Requests per fiscal year (of the local received_at) and language, all departments: the year's
-- figures computed from its requests, so the median response is the year's, not a summary of
-- monthly medians. The same rules as language_access_monthly.
with

requests as (
    select * from {{ ref('int_language_requests__described') }}
    where is_request
),

counted as (
    select
        fiscal_year,
        language_code,
        any_value(language_name) as language_name,
        {{ language_request_counts() }}
    from requests
    group by fiscal_year, language_code
),

final as (
    select
        fiscal_year::integer as fiscal_year,
        language_code,
        language_name,
        {{ language_request_rates() }},
        on_time::bigint as fulfilled_on_time,
        with_needed_by::bigint as fulfilled_with_needed_by
    from counted
    order by fiscal_year, language_code
)

select * from final
