{#-
    How a self-reported race/ethnicity answer is grouped: one home for both schemes.
    The loader stores a list of answers canonical (contract order, joined by '; '); 'Declined to
    State' and blank are no answer.
-#}

{#- A self-reported answer that is no answer: blank (already NULL), or declined. -#}
{% macro reported_answer(answer) -%}
    nullif({{ answer }}, 'Declined to State')
{%- endmacro %}

{#- The 2020 Census scheme (measures.md, boards and workforce representation): Hispanic or Latino
    is an ethnicity, not a race; Middle Eastern or North African counts as White; one race left =
    that race, several = Two or More Races, none (Hispanic or Latino alone) = Some Other Race. -#}
{% macro census_races(answer) -%}
    list_distinct(list_transform(
        list_filter(string_split({{ answer }}, '; '), lambda a: a <> 'Hispanic or Latino'),
        lambda a: if(a = 'Middle Eastern or North African', 'White', a)
    ))
{%- endmacro %}

{% macro census_race(answer) -%}
    case
        when {{ answer }} is null then null
        when len({{ census_races(answer) }}) = 0 then 'Some Other Race'
        when len({{ census_races(answer) }}) = 1 then {{ census_races(answer) }}[1]
        else 'Two or More Races'
    end
{%- endmacro %}

{% macro census_hispanic_ethnicity(answer) -%}
    case
        when {{ answer }} is null then null
        when list_contains(string_split({{ answer }}, '; '), 'Hispanic or Latino') then 'Hispanic or Latino'
        else 'Not Hispanic or Latino'
    end
{%- endmacro %}

{#- Disparate impact (measures.md): one reported category = that category (Hispanic or Latino and
    Middle Eastern or North African included), several = Multiracial, no answer = Not reported
    (excluded from the comparison, its count published). -#}
{% macro disparity_race_ethnicity(answer) -%}
    case
        when {{ answer }} is null then 'Not reported'
        when len(string_split({{ answer }}, '; ')) = 1 then {{ answer }}
        else 'Multiracial'
    end
{%- endmacro %}
