-- Every training series of measure_definitions, per fiscal quarter with activity.
-- A series is a row of the seed (programs, attendee types, metric), not code.
with

facts as (
    select * from {{ ref('int_training_sessions__by_attendee_type') }}
),

definitions as (
    select * from {{ ref('measure_definitions') }}
    where source = 'training_roster'
),

matched as (
    select
        definitions.series_id,
        definitions.metric,
        facts.fiscal_year,
        facts.fiscal_quarter,
        facts.session_id,
        facts.is_held,
        facts.attendance
    from facts
    inner join definitions
        -- the one rule of series membership, shared with models/lineage/lineage_pvr_quarterly.sql
        on {{ training_series_matches('definitions', 'facts') }}
),

values_per_quarter as (
    select
        series_id,
        fiscal_year,
        fiscal_quarter,
        case any_value(metric)
            when 'sessions_held' then count(distinct session_id) filter (where is_held)
            when 'attendance' then sum(attendance)
        end as value
    from matched
    group by series_id, fiscal_year, fiscal_quarter
)

select * from values_per_quarter
