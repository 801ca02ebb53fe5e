{#-
    Estimated hours worked (measures.md; no payroll hours are exported): fte x 2,080 hours a
    year, prorated by the days employed in a month, inclusive of both ends, over the days of
    that month's year (366 in a leap year, so a full year sums to fte x 2,080 either way).

    fte            the employee's full-time equivalent (1.0 full time)
    employed_from  the first day employed in the month (the hire date or the 1st)
    employed_to    the last day employed in the month (the termination date or the month end)
    month          any day of the month, naming the year whose length prorates it

    A DECIMAL(38, 10), so sums of it are exact and two runs give the same hours bit for bit
    whatever order parallel threads add them in.
-#}
{% macro hours_estimate(fte, employed_from, employed_to, month) -%}
    (
        {{ fte }} * 2080.0 * (datediff('day', {{ employed_from }}, {{ employed_to }}) + 1)
        / (case
            when (year({{ month }}) % 4 = 0 and year({{ month }}) % 100 <> 0) or year({{ month }}) % 400 = 0 then 366
            else 365
        end)
    )::decimal(38, 10)
{%- endmacro %}
