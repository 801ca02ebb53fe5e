-- Snapshot semantics: each claim at its latest valuation (the newest loss run containing it).
with

claims as (
    {{ newest_record(ref('stg_wc_claims__claims'), ['claim_number']) }}
)

select * from claims
