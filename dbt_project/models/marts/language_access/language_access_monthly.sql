-- Interpretation and translation requests per local month, department and language, plus ALL
-- departments (measures.md, "Language access"). Requests exclude Cancelled; fulfilled = Fulfilled;
-- on time = fulfilled by needed_by, over fulfilled requests that had one; response hours =
-- fulfilled_at - received_at, their median over fulfilled requests. ALL rows recompute rates and
-- the median over all their requests. Requests are events, not people: no suppression.
with

requests as (
    select * from {{ ref('int_language_requests__described') }}
    where is_request
),

counted as (
    -- one pass: each department's cells and, as the (month, language) grouping set, the ALL row
    select
        month,
        if(grouping(department_code) = 1, 'ALL', department_code) as department_code,
        language_code,
        any_value(language_name) as language_name,
        {{ language_request_counts() }},
        sum(coalesce(minutes, 0)) as interpretation_minutes,
        sum(coalesce(word_count, 0)) as words_translated,
        sum(coalesce(cost, 0)) as cost  -- noqa: RF04
    from requests
    group by grouping sets ((month, department_code, language_code), (month, language_code))
),

final as (
    select
        month,
        department_code,
        language_code,
        language_name,
        {{ language_request_rates() }},
        interpretation_minutes::bigint as interpretation_minutes,
        words_translated::bigint as words_translated,
        cost::decimal(14, 2) as cost,  -- noqa: RF04
        -- on_time_rate's counts, so that months (and departments) can be combined exactly
        on_time::bigint as fulfilled_on_time,
        with_needed_by::bigint as fulfilled_with_needed_by
    from counted
    order by month, department_code, language_code
)

select * from final
