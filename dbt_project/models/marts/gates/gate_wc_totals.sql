-- One row per month: the ALL row beside the sum of the departments, and the gap to the previous
-- month. The summed columns are wc_claims_monthly's with `meta: department_total` (its yml),
-- read from the project graph, which dbt gives a model only when it executes.
{%- set counts = [] %}
{%- if execute is sameas true %}
    {%- for column in graph.nodes['model.equity_pipeline.wc_claims_monthly'].columns.values() %}
        {%- if column.meta.get('department_total') %}{% do counts.append(column.name) %}{% endif %}
    {%- endfor %}
{%- endif %}
with

monthly as (
    select * from {{ ref('wc_claims_monthly') }}
),

departments as (
    select
        month,
        {% for c in counts -%}
            sum({{ c }}) as dept_{{ c }},
        {% endfor -%}
        bool_or(suppressed) as any_suppressed,
        count(*) filter (where suppressed) as suppressed_departments
    from monthly
    where department_code != 'ALL'
    group by month
),

all_rows as (
    select
        month,
        {% for c in counts -%}
            {{ c }} as all_{{ c }},
        {% endfor -%}
        suppressed as all_suppressed
    from monthly
    where department_code = 'ALL'
),

final as (
    select
        all_rows.*,
        {% for c in counts -%}
            departments.dept_{{ c }},
        {% endfor -%}
        departments.any_suppressed,
        departments.suppressed_departments,
        datediff('month', lag(all_rows.month) over (order by all_rows.month), all_rows.month) as months_since_previous
    from all_rows
    inner join departments on all_rows.month = departments.month
)

select * from final
