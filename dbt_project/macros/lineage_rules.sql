{#- Rules shared by a mart and its lineage view (models/lineage), so that the two cannot disagree. -#}

{#- Whether a training fact (a session's attendee type and program) belongs to a series of
    measure_definitions: its programs, and its attendee types when the series names any. -#}
{% macro training_series_matches(definitions, facts) -%}
    (
        list_contains(string_split({{ definitions }}.programs, '|'), {{ facts }}.program)
        and (
            {{ definitions }}.attendee_types is null
            or list_contains(string_split({{ definitions }}.attendee_types, '|'), {{ facts }}.attendee_type)
        )
    )
{%- endmacro %}

{#-
    A lineage view's rows: every key of the published mart (so no published row lacks lineage),
    with each source file whose rows feed it and how many of its rows do (count of distinct
    source lines). `contributions` is a relation with the key columns, source, source_file,
    source_sha256, source_line, as_of_date and export_version, one row per contributing source
    row (a row may appear more than once: it is counted once). The caller's last CTE is followed
    by a comma and this macro, which ends the query. A key nothing contributes to (a
    figure of 0, or a row built from reference data only) gets one row with an empty file and
    contributing_rows 0.
-#}
{% macro lineage_by_file(published, key_columns, contributions) -%}
    {%- set keys = key_columns | join(', ') -%}
    {#- a key that is also a lineage column (board_representation_history's as_of_date, the
        roster's own date) is listed once -#}
    {%- set file_columns = [] -%}
    {%- for column in ['source', 'source_file', 'source_sha256', 'as_of_date', 'export_version'] -%}
        {%- if column not in key_columns -%}{%- do file_columns.append(column) -%}{%- endif -%}
    {%- endfor -%}
    {%- set selected = [] -%}
    {%- set matches = [] -%}
    {%- for key in key_columns -%}
        {%- do selected.append('published_keys.' ~ key) -%}
        {%- do matches.append('published_keys.' ~ key ~ ' = by_file.' ~ key) -%}
    {%- endfor -%}
    {%- for column in file_columns -%}{%- do selected.append('by_file.' ~ column) -%}{%- endfor -%}
published_keys as (
    select distinct {{ keys }} from {{ published }}
),

by_file as (
    select
        {{ keys }},
        {{ file_columns | join(', ') }},
        count(distinct source_line) as contributing_rows
    from {{ contributions }}
    group by all
),

final as (
    select
        {{ selected | join(', ') }},
        coalesce(by_file.contributing_rows, 0)::bigint as contributing_rows
    from published_keys
    left join by_file on {{ matches | join(' and ') }}
)

select * from final
{%- endmacro %}

{#-
    Each claim at its latest valuation (int_claims__enriched), once per workers' compensation
    figure it is counted in, with the month it is counted in: new claims, incident reports and
    lost-time claims by month reported; recordable and DART cases, days away, incurred and paid
    by month of injury. The same filters as int_wc__monthly_by_department's `reported` and
    `injured` counts (keep them in step). Columns: claim_number, month, department_code, metric.
-#}
{% macro wc_claim_metric_months(claims) -%}
    select claim_number, reported_month as month, department_code, 'new_claims' as metric
    from {{ claims }} where claim_type in ('Medical Only', 'Lost Time')
    union all
    select claim_number, reported_month as month, department_code, 'incident_reports' as metric
    from {{ claims }} where claim_type = 'Report Only'
    union all
    select claim_number, reported_month as month, department_code, 'lost_time_claims' as metric
    from {{ claims }} where claim_type = 'Lost Time'
    union all
    select claim_number, injury_month as month, department_code, 'recordable_cases' as metric
    from {{ claims }} where is_osha_recordable
    union all
    select claim_number, injury_month as month, department_code, 'dart_cases' as metric
    from {{ claims }} where is_dart_case
    union all
    select claim_number, injury_month as month, department_code, 'incurred' as metric
    from {{ claims }}
{%- endmacro %}

{#- The workforce rows behind estimated hours: each employee's current record (int_employees__current,
    in the department of their newest record) in every month of the workers' compensation grid they
    were employed in, with the staging row's lineage. Columns: month, department_code and lineage. -#}
{% macro hours_source_rows() -%}
    select
        months.month,
        employees.department_code,
        'hr_workforce' as source,
        rows.source_file,
        rows.source_sha256,
        rows.source_line,
        rows.as_of_date,
        rows.export_version
    from {{ ref('int_wc__months') }} as months
    inner join {{ ref('int_employees__current') }} as employees
        on {{ employed_between('employees', 'months.month', 'months.month_end') }}
    inner join {{ ref('stg_hr_workforce__employees') }} as rows
        on employees.employee_key = rows.employee_key and employees.source_file = rows.source_file
{%- endmacro %}
