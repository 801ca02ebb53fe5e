-- The source rows behind each pvr_quarterly figure (see _lineage__models.yml for what is counted).
-- Training series: the current roster rows of the sessions the series counts in the quarter
-- (int_training_sessions__by_attendee_type, matched to the series by the same macro as
-- int_pvr__training_values). WC series: each counted claim's latest valuation row, and for a rate
-- the workforce rows behind its estimated hours.
with

definitions as (
    select * from {{ ref('measure_definitions') }}
),

facts as (
    select * from {{ ref('int_training_sessions__by_attendee_type') }}
),

attendances as (
    select * from {{ ref('int_training_attendances__current') }}
),

claims as (
    select * from {{ ref('int_claims__enriched') }}
),

claim_rows as (
    select * from {{ ref('int_claims__current') }}
),

training as (
    select
        definitions.series_id,
        facts.fiscal_year,
        facts.fiscal_quarter,
        'training_roster' as source,
        attendances.source_file,
        attendances.source_sha256,
        attendances.source_line,
        attendances.as_of_date,
        attendances.export_version
    from facts
    inner join definitions
        on definitions.source = 'training_roster' and {{ training_series_matches('definitions', 'facts') }}
    inner join attendances on facts.session_id = attendances.session_id
    where
        -- attendance: the rows of the matched attendee type that count someone
        (
            definitions.metric = 'attendance'
            and attendances.attendee_type is not distinct from facts.attendee_type
            and attendances.attendance_count > 0
        )
        -- sessions held: the attended rows that make a counted session held
        or (definitions.metric = 'sessions_held' and facts.is_held and attendances.is_attendance)
),

claim_metrics as (
    {{ wc_claim_metric_months('claims') }}
),

wc_claims as (
    select
        definitions.series_id,
        {{ fiscal_year('claim_metrics.month') }} as fiscal_year,
        {{ fiscal_quarter('claim_metrics.month') }} as fiscal_quarter,
        'wc_claims' as source,
        claim_rows.source_file,
        claim_rows.source_sha256,
        claim_rows.source_line,
        claim_rows.as_of_date,
        claim_rows.export_version
    from claim_metrics
    inner join definitions on definitions.source = 'wc_claims' and claim_metrics.metric = definitions.metric
    inner join claim_rows on claim_metrics.claim_number = claim_rows.claim_number
),

hours_rows as (
    {{ hours_source_rows() }}
),

wc_hours as (
    select
        definitions.series_id,
        {{ fiscal_year('hours_rows.month') }} as fiscal_year,
        {{ fiscal_quarter('hours_rows.month') }} as fiscal_quarter,
        hours_rows.source,
        hours_rows.source_file,
        hours_rows.source_sha256,
        hours_rows.source_line,
        hours_rows.as_of_date,
        hours_rows.export_version
    from hours_rows
    inner join definitions on definitions.source = 'wc_claims' and definitions.denominator = 'hours_worked'
),

contributions as (
    select * from training
    union all
    select * from wc_claims
    union all
    select * from wc_hours
),

{{ lineage_by_file(ref('pvr_quarterly'), ['series_id', 'fiscal_year', 'fiscal_quarter'], 'contributions') }}
