{#-
    Fiscal calendar. The fiscal year starts in month var('fiscal_year_start_month')
    (EQUITY_FISCAL_YEAR_START_MONTH, passed as --vars; default 1, January) and is named by the calendar year in which it ends: with a
    July start, July 2023 - June 2024 is FY2024.
-#}
{% macro fiscal_year_start_month() -%}
    {{ var('fiscal_year_start_month') | int }}
{%- endmacro %}

{% macro fiscal_year(date_expr) -%}
    {%- set start = fiscal_year_start_month() | int -%}
    {%- if start == 1 -%}
        year({{ date_expr }})
    {%- else -%}
        (year({{ date_expr }}) + case when month({{ date_expr }}) >= {{ start }} then 1 else 0 end)
    {%- endif -%}
{%- endmacro %}

{% macro fiscal_quarter(date_expr) -%}
    ((month({{ date_expr }}) - {{ fiscal_year_start_month() }} + 12) % 12) // 3 + 1
{%- endmacro %}

{#- First day of a fiscal year's quarter, as a DATE. -#}
{% macro fiscal_quarter_start(fy_expr, quarter_expr) -%}
    {%- set start = fiscal_year_start_month() | int -%}
    (make_date(({{ fy_expr }}) - {{ 1 if start > 1 else 0 }}, {{ start }}, 1)
        + to_months(3 * (({{ quarter_expr }}) - 1)))::date
{%- endmacro %}
