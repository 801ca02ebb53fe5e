-- The US DOJ LEP guidance's safe-harbor test (2002), per fiscal year and reference language: a
-- language whose LEP population reaches EQUITY_SAFE_HARBOR_PERSONS (1,000) or
-- EQUITY_SAFE_HARBOR_SHARE (5%) of the population 5 years and over must have its vital documents
-- translated: status met when a vital translation in it was fulfilled that year, gap when none
-- was, not required below both thresholds. requests_per_1000_lep shows a community the city is
-- not reaching: many LEP residents, few requests. Every language in every fiscal year from the
-- first to the last holding a request.
with

languages as (
    select * from {{ ref('int_lep__languages') }}
),

requests as (
    select * from {{ ref('int_language_requests__described') }}
),

fiscal_years as (
    select unnest(range(min(fiscal_year), max(fiscal_year) + 1)) as fiscal_year
    from requests
),

counted as (
    select
        fiscal_year,
        lep_language_code as language_code,
        count(*) filter (where is_request) as requests,
        count(*) filter (where is_vital_translation_fulfilled) as vital_translations_fulfilled
    from requests
    where lep_language_code is not null
    group by fiscal_year, lep_language_code
),

graded as (
    select
        fiscal_years.fiscal_year,
        languages.language_code,
        languages.language_name,
        languages.lep_population,
        languages.lep_population >= {{ var('safe_harbor_persons') | int }}
        or languages.lep_population >= {{ var('safe_harbor_share') | float }} * languages.population_5_plus
            as safe_harbor,
        coalesce(counted.vital_translations_fulfilled, 0) as vital_translations_fulfilled,
        coalesce(counted.requests, 0) as requests
    from fiscal_years
    cross join languages
    left join counted
        on fiscal_years.fiscal_year = counted.fiscal_year and languages.language_code = counted.language_code
),

final as (
    select
        fiscal_year::integer as fiscal_year,
        language_code,
        language_name,
        lep_population::bigint as lep_population,
        coalesce(safe_harbor, false) as safe_harbor,
        vital_translations_fulfilled::bigint as vital_translations_fulfilled,
        case
            when not coalesce(safe_harbor, false) then 'not required'
            when vital_translations_fulfilled > 0 then 'met'
            else 'gap'
        end as status,
        requests::bigint as requests,
        -- declared precision: 4 decimals
        if(lep_population > 0, {{ published_round('requests * 1000 / lep_population', 4) }}, null)
            as requests_per_1000_lep
    from graded
    order by fiscal_year, language_code
)

select * from final
