{#- Published precision: every published DOUBLE is rounded to the decimals its column declares. -#}

{#-
    A published DOUBLE, rounded to a declared number of decimals (half away from zero, in
    decimal arithmetic, as an auditor rounds by hand). Rounding what is published, on top of
    exact DECIMAL sums, makes two runs of the same inputs publish the same bits.
-#}
{% macro published_round(expr, decimals) -%}
    round(({{ expr }})::decimal(38, 10), {{ decimals }})::double
{%- endmacro %}
