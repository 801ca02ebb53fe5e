{#- Boards-and-commissions rules from measures.md, named once. -#}

{#- A Filled seat whose term ends within 90 days of the roster's as-of date (both days included):
    the seats the Mayor's Office must recruit for next. -#}
{% macro term_ends_soon(term_end, as_of_date) -%}
    ({{ term_end }} between {{ as_of_date }} and {{ as_of_date }} + interval 90 day)
{%- endmacro %}

{#- The board roster files that describe every seat: loaded with no row quarantined. A seat whose
    row was set aside would read as abolished (the newest roster alone describes the seats), and a
    vacancy run would restart, so a roster with a quarantined row is left out of the board tables
    until the clerk sends a correction; the previous complete roster stands. -#}
{% macro complete_board_roster_files() -%}
    (
        select manifest.file_sha256 from {{ ref('stg_audit__ingest_manifest') }} as manifest
        where manifest.source_name = 'board_roster' and coalesce(manifest.rows_quarantined, 0) = 0
    )
{%- endmacro %}
