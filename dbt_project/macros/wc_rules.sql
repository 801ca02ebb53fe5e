{#- Workers' compensation rules from measures.md, named once. -#}

{#- OSHA caps days away and days restricted at 180 per case. -#}
{% macro osha_capped_days(days_expr) -%}
    least(coalesce({{ days_expr }}, 0), 180)
{%- endmacro %}

{#- Report lag buckets: claims reported after two weeks cost markedly more. The buckets are the
    report_lag_buckets seed's (one home for the published vocabulary); a lag is never negative
    or empty (the loader rejects a report before the injury). -#}
{% macro report_lag_bucket(lag_expr) -%}
    (
        select buckets.lag_bucket from {{ ref('report_lag_buckets') }} as buckets
        where
            {{ lag_expr }} >= buckets.min_days
            and ({{ lag_expr }} <= buckets.max_days or buckets.max_days is null)
    )
{%- endmacro %}

{#- Rates per 200,000 hours worked (100 full-time workers for a year), empty without hours. -#}
{% macro per_200k_hours(count_expr, hours_expr) -%}
    case when {{ hours_expr }} > 0 then {{ count_expr }} * 200000.0 / {{ hours_expr }} end
{%- endmacro %}

{#- Workers' compensation limits suppression to small departments (measures.md). -#}
{% macro small_department_employees() -%}
    {{ var('small_department_employees') | int }}
{%- endmacro %}

{#-
    Open at month end from a claim's own dates (measures.md: reported on or before the day and
    not closed on or before it; Reopened counts as open), for months no loss run describes.
    The caller checks the reported date. A Denied claim is open until its closed date, when it
    has one (the dates say it was under review until then); without a closed date the denial
    cannot be dated, and a denied claim carries no open liability: it is not open, as in the
    loss-run rule, where only Open and Reopened count.
-#}
{% macro open_by_own_dates(month_end, status, closed_date) -%}
    case {{ status }}
        when 'Reopened' then true
        when 'Denied' then coalesce({{ closed_date }} > {{ month_end }}, false)
        else {{ closed_date }} is null or {{ closed_date }} > {{ month_end }}
    end
{%- endmacro %}
