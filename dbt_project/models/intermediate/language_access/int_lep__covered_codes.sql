-- Which reference row a request's language counts toward: each code a row's `covers` lists
-- (blank = its own code). The row covering '*' takes every other spoken language, never American
-- Sign Language (ase), which is no LEP language.
with

languages as (
    select * from {{ ref('int_lep__languages') }}
),

listed as (
    select
        language_code,
        unnest(string_split(coalesce(nullif(covers, ''), language_code), '|')) as covered_code
    from languages
),

final as (
    select
        language_code,
        trim(covered_code) as covered_code
    from listed
)

select * from final
