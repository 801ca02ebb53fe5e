-- APPROXIMATE (see _lineage__models.yml). The workforce rows behind each workforce_disparity row:
-- the current record (int_employees__current, whose answers int_employees__groups reads) of every
-- person in the decision's pool for the fiscal year (int_workforce_disparity__people, selected or
-- not), whatever their group: the test compares the group's selection rate with the others'.
with

people as (
    select * from {{ ref('int_workforce_disparity__people') }}
),

employees as (
    select * from {{ ref('int_employees__current') }}
),

employee_rows as (
    select * from {{ ref('stg_hr_workforce__employees') }}
),

pool_rows as (
    select
        people.fiscal_year,
        people.decision,
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

published_groups as (
    select distinct
        fiscal_year,
        decision,
        dimension,
        group_name
    from {{ ref('workforce_disparity') }}
),

contributions as (
    select
        published_groups.dimension,
        published_groups.group_name,
        pool_rows.*
    from published_groups
    inner join pool_rows
        on published_groups.fiscal_year = pool_rows.fiscal_year and published_groups.decision = pool_rows.decision
),

{{ lineage_by_file(
    ref('workforce_disparity'), ['fiscal_year', 'decision', 'dimension', 'group_name'], 'contributions'
) }}
