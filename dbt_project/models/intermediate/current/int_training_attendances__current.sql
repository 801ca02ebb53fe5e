-- Log semantics keyed by session: a newer export's rows for a session replace all earlier rows.
with

attendances as (
    {{ newest_record(ref('stg_training_roster__attendances'), ['session_id']) }}
)

select * from attendances
