-- One row per session and attendee type: whether the session was held (a session-level
-- fact: at least one Attended or Completed row) and the attendance of that type.
with

attendances as (
    select * from {{ ref('int_training_attendances__current') }}
),

sessions as (
    select
        session_id,
        any_value(program) as program,
        min(session_date) as session_date,
        bool_or(is_attendance) as is_held
    from attendances
    group by session_id
),

by_type as (
    select
        session_id,
        attendee_type,
        sum(attendance_count) as attendance
    from attendances
    group by session_id, attendee_type
),

final as (
    select
        sessions.session_id,
        sessions.program,
        sessions.session_date,
        {{ fiscal_year('sessions.session_date') }} as fiscal_year,
        {{ fiscal_quarter('sessions.session_date') }} as fiscal_quarter,
        sessions.is_held,
        by_type.attendee_type,
        by_type.attendance
    from sessions
    inner join by_type on sessions.session_id = by_type.session_id
)

select * from final
