{#- Language-access rules, named once. -#}

{#- A request in a language no LEP figure can be about: English (CART captioning), a sign language
    (American Sign Language and the others, whose ISO names end in "Sign Language"; sgn) or no
    linguistic content (zxx). Such requests are published monthly but belong to no safe-harbor row. -#}
{% macro is_lep_language(code, name) -%}
    ({{ code }} not in ('eng', 'sgn', 'zxx') and coalesce({{ name }}, '') not like '%Sign Language%')
{%- endmacro %}

{#- The request figures of a group of described requests (measures.md): requests are the rows (not
    Cancelled), fulfilled = Fulfilled, on time over the fulfilled requests that had a needed_by, the
    median response over fulfilled requests. One home for language_access_monthly and _annual. -#}
{% macro language_request_counts() -%}
        count(*) as requests,
        count(*) filter (where is_fulfilled) as fulfilled,
        count(*) filter (where is_on_time) as on_time,
        count(is_on_time) as with_needed_by,
        median(response_hours) as median_response_hours
{%- endmacro %}

{#- The published columns computed from those counts (declared precision: 4 decimals). -#}
{% macro language_request_rates() -%}
        requests::bigint as requests,
        fulfilled::bigint as fulfilled,
        {{ published_round('fulfilled / requests', 4) }} as fulfillment_rate,
        if(with_needed_by = 0, null, {{ published_round('on_time / with_needed_by', 4) }}) as on_time_rate,
        {{ published_round('median_response_hours', 4) }} as median_response_hours
{%- endmacro %}
