{#- The loader's lineage columns, renamed once for every staging model. -#}
{% macro lineage_columns(relation_alias=none) -%}
    {%- set prefix = relation_alias ~ '.' if relation_alias else '' -%}
    {{ prefix }}_source_file as source_file,
    {{ prefix }}_sha256 as source_sha256,
    {{ prefix }}_line as source_line,
    {{ prefix }}_as_of as as_of_date,
    {{ prefix }}_version as export_version
{%- endmacro %}
