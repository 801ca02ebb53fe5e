-- APPROXIMATE (see _lineage__models.yml). The workforce rows behind each workforce_representation
-- row: the current record (int_employees__current, whose answers int_employees__groups reads) of
-- every person int_workforce_representation__people counts in the fiscal year and job category
-- (every category for ALL), as an employee on the counted-through day or a hire, whatever their
-- group: the row's counts are its group's, and its shares divide by all of them.
with

people as (
    select * from {{ ref('int_workforce_representation__people') }}
),

employees as (
    select * from {{ ref('int_employees__current') }}
),

employee_rows as (
    select * from {{ ref('stg_hr_workforce__employees') }}
),

rows_by_category as (
    select
        people.fiscal_year,
        people.eeo4_job_category,
        'hr_workforce' as source,
        employee_rows.source_file,
        employee_rows.source_sha256,
        employee_rows.source_line,
        employee_rows.as_of_date,
        employee_rows.export_version
    from people
    inner join employees on people.employee_key = employees.employee_key
    inner join employee_rows
        on employees.employee_key = employee_rows.employee_key and employees.source_file = employee_rows.source_file
),

categories as (
    select * from rows_by_category
    union all
    select * replace ('ALL' as eeo4_job_category) from rows_by_category
),

published_groups as (
    select distinct
        fiscal_year,
        eeo4_job_category,
        dimension,
        group_name
    from {{ ref('workforce_representation') }}
),

contributions as (
    select
        published_groups.dimension,
        published_groups.group_name,
        categories.*
    from published_groups
    inner join categories
        on
            published_groups.fiscal_year = categories.fiscal_year
            and published_groups.eeo4_job_category = categories.eeo4_job_category
),

{{ lineage_by_file(
    ref('workforce_representation'), ['fiscal_year', 'eeo4_job_category', 'dimension', 'group_name'], 'contributions'
) }}
