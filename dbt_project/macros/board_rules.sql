{#- Boards-and-commissions rules from measures.md, named once. -#}

{#- A Filled seat whose term ends within 90 days of the roster's as-of date (both days included):
    the seats the Mayor's Office must recruit for next. -#}
{% macro term_ends_soon(term_end, as_of_date) -%}
    ({{ term_end }} between {{ as_of_date }} and {{ as_of_date }} + interval 90 day)
{%- endmacro %}

{#- A self-reported answer that is no answer: blank, or declined. -#}
{% macro reported_answer(answer) -%}
    nullif({{ answer }}, 'Declined to State')
{%- endmacro %}
