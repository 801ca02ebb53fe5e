-- Snapshot semantics: each employee as the newest workforce export describes them;
-- someone missing from the newest export (separated long ago) keeps their last known values.
with

employees as (
    {{ newest_record(ref('stg_hr_workforce__employees'), ['employee_key']) }}
),

final as (
    select
        employee_key,
        department_code,
        department_name,
        job_class_code,
        eeo4_job_category,
        employment_type,
        fte,
        hire_date,
        termination_date,
        termination_type,
        last_promotion_date,
        race_ethnicity,
        sex,
        disability,
        veteran,
        source_file,
        as_of_date
    from employees
)

select * from final
