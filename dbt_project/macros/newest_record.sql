{#-
    Snapshot and log semantics (raw-exports.md): each record takes its values from
    the newest file that contains it, "newest" ordering by as-of date, then version.
    Every row of that file for the record is kept, so a log whose record spans
    several rows (a training session) is replaced as a whole by a newer file.
-#}
{% macro newest_record(relation, key_columns) -%}
select *
from {{ relation }}
qualify rank() over (
    partition by {{ key_columns | join(', ') }}
    order by as_of_date desc, export_version desc
) = 1
{%- endmacro %}
