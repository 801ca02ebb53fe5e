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
        count(*) as requests,
        count(*) filter (where is_fulfilled) as fulfilled,
        count(*) filter (where is_on_time) as on_time,
        count(is_on_time) as with_needed_by,
        median(response_hours) as median_response_hours
    from requests
    group by fiscal_year, language_code
),

final as (
    select
        fiscal_year::integer as fiscal_year,
        language_code,
        language_name,
        requests::bigint as requests,
        fulfilled::bigint as fulfilled,
        -- declared precision: rates and hours 4 decimals
        {{ published_round('fulfilled / requests', 4) }} as fulfillment_rate,
        if(with_needed_by = 0, null, {{ published_round('on_time / with_needed_by', 4) }}) as on_time_rate,
        {{ published_round('median_response_hours', 4) }} as median_response_hours,
        on_time::bigint as fulfilled_on_time,
        with_needed_by::bigint as fulfilled_with_needed_by
    from counted
    order by fiscal_year, language_code
)

select * from final
