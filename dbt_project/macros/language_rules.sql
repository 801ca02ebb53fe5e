{#- Language-access rules, named once. -#}

{#- A request in a language no LEP figure can be about: English (CART captioning), a sign language
    (American Sign Language and the others, whose ISO names end in "Sign Language"; sgn) or no
    linguistic content (zxx). Such requests are published monthly but belong to no safe-harbor row. -#}
{% macro is_lep_language(code, name) -%}
    ({{ code }} not in ('eng', 'sgn', 'zxx') and coalesce({{ name }}, '') not like '%Sign Language%')
{%- endmacro %}
