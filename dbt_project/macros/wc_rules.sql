{#- Workers' compensation rules from measures.md, named once. -#}

{#- OSHA caps days away and days restricted at 180 per case. -#}
{% macro osha_capped_days(days_expr) -%}
    least(coalesce({{ days_expr }}, 0), 180)
{%- endmacro %}

{#- Report lag buckets: claims reported after two weeks cost markedly more. -#}
{% macro report_lag_bucket(lag_expr) -%}
    case
        when {{ lag_expr }} = 0 then '0'
        when {{ lag_expr }} <= 7 then '1-7'
        when {{ lag_expr }} <= 14 then '8-14'
        else '>14'
    end
{%- endmacro %}

{#- Rates per 200,000 hours worked (100 full-time workers for a year), empty without hours. -#}
{% macro per_200k_hours(count_expr, hours_expr) -%}
    case when {{ hours_expr }} > 0 then {{ count_expr }} * 200000.0 / {{ hours_expr }} end
{%- endmacro %}

{#- Small-cell suppression settings (measures.md, "Privacy of published figures"). -#}
{% macro small_cell_threshold() -%}
    {{ var('small_cell_threshold', env_var('EQUITY_SMALL_CELL_THRESHOLD', '10')) | int }}
{%- endmacro %}

{% macro small_department_employees() -%}
    {{ var('small_department_employees', env_var('EQUITY_SMALL_DEPARTMENT_EMPLOYEES', '50')) | int }}
{%- endmacro %}
