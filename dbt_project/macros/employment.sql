{#- Employed on some day from first_day to last_day (both included): hired on or before the last,
    and not terminated before the first (termination_date is the last day employed). On one day d:
    employed_between(employees, d, d). The one home of "employed" for hours, disparity and
    representation. -#}
{% macro employed_between(employees, first_day, last_day) -%}
    (
        {{ last_day }} >= {{ employees }}.hire_date
        and ({{ employees }}.termination_date is null or {{ first_day }} <= {{ employees }}.termination_date)
    )
{%- endmacro %}
