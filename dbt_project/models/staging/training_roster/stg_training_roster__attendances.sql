with

source as (
    select * from {{ source('training_roster', 'training_roster') }}
),

renamed as (
    select
        session_id,
        program,
        course_code,
        course_title,
        session_date,
        cast(duration_hours as double) as duration_hours,
        delivery_mode,
        host_department_code,
        attendee_type,
        -- employee ids hash to the same key as in hr_workforce; contractors get their own
        attendee_id_key as attendee_key,
        contractor_company,
        attendance_status,
        attendance_status in ('Attended', 'Completed') as is_attendance,
        -- a Community row stands for its headcount (default 1); a named row for one person
        case
            when attendance_status not in ('Attended', 'Completed') then 0
            when attendee_type = 'Community' and attendee_id_key is null then coalesce(headcount, 1)
            else 1
        end as attendance_count,
        headcount,
        {{ lineage_columns() }}
    from source
)

select * from renamed
