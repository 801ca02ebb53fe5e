-- Log semantics: a request id seen again takes its values from the newest export.
with

requests as (
    {{ newest_record(ref('stg_language_access__requests'), ['request_id']) }}
)

select * from requests
