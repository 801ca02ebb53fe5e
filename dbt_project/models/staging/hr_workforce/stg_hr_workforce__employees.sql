with

source as (
    select * from {{ source('hr_workforce', 'hr_workforce') }}
),

renamed as (
    select
        -- ids: the keyed hash only; names stop at landing
        employee_id_key as employee_key,
        department_code,
        department_name,
        job_class_code,
        job_title,
        eeo4_job_category,
        employment_type,
        cast(fte as double) as fte,
        birth_date,
        hire_date,
        termination_date,
        termination_type,
        last_promotion_date,
        race_ethnicity,
        sex,
        disability,
        veteran,
        {{ lineage_columns() }}
    from source
)

select * from renamed
