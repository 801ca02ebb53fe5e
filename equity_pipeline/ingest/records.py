"""Turn a decoded CSV text or an .xlsx sheet into a DuckDB table of raw records.

The result is a temp table `_raw_records(line, last_line, record_text, well_formed, fields)`:
one row per CSV record with the physical line it starts on (header = line 1),
so quarantine can name the line a clerk sees in a text editor. Everything is
set-based SQL: lines are split, RFC 4180 quoting is resolved by the parity of
the quotes before each line (an odd count means the line continues a quoted
field), and fields are cut by one regular expression per record.
"""

from __future__ import annotations

import datetime as dt
import io

import duckdb
import pandas as pd

# One field, always preceded by a comma (the record is given a leading comma),
# so an empty first field never becomes an empty match the engine skips past.
FIELD_RE = r',(?:"((?:[^"]|"")*)"|([^,"]*))'
RECORD_RE = r'(?:"(?:[^"]|"")*"|[^,"]*)(?:,(?:"(?:[^"]|"")*"|[^,"]*))*'

_CSV_RECORDS_SQL = f"""
create or replace temp table _raw_records as
with
split as (
    select string_split(content, chr(10)) as parts from _raw_text
),

lines as (
    select
        unnest(parts) as line_text,
        generate_subscripts(parts, 1) as line_no,
    from split
),

parity as (
    select
        line_no,
        line_text,
        coalesce(
            sum(length(line_text) - length(replace(line_text, '"', ''))) over (
                order by line_no rows between unbounded preceding and 1 preceding
            ),
            0
        ) % 2 = 1 as continues_record,
    from lines
),

numbered as (
    select
        line_no,
        line_text,
        sum(case when continues_record then 0 else 1 end) over (order by line_no) as record_no,
    from parity
),

records as (
    select
        min(line_no) as line,
        max(line_no) as last_line,
        regexp_replace(string_agg(line_text, chr(10) order by line_no), '\\r$', '') as record,
    from numbered
    group by record_no
),

cut as (
    -- Most records hold no quote at all: a plain split is exact for them and 15x cheaper.
    select
        line,
        last_line,
        record,
        true as well_formed,
        [null::varchar for _ in string_split(record, ',')] as quoted,
        string_split(record, ',') as bare,
    from records
    where not contains(record, '"')
    union all
    select
        line,
        last_line,
        record,
        regexp_full_match(record, '{RECORD_RE}') as well_formed,
        regexp_extract_all(',' || record, '{FIELD_RE}', 1) as quoted,
        regexp_extract_all(',' || record, '{FIELD_RE}', 2) as bare,
    from records
    where contains(record, '"')
)

select
    line,
    last_line,
    record as record_text,
    well_formed,
    list_transform(quoted, lambda q, i: coalesce(replace(q, '""', '"'), bare[i])) as fields,
from cut
-- blank lines, and rows whose every field is blank (Excel's empty rows), are ignored
where list_bool_or(list_transform(list_transform(quoted, lambda q, i: coalesce(q, bare[i])),
    lambda f: trim(f) <> ''))
order by line
"""


def load_csv_records(con: duckdb.DuckDBPyConnection, text: str) -> None:
    """Parse decoded CSV text into `_raw_records` (see module docstring)."""
    con.execute("create or replace temp table _raw_text as select ?::varchar as content", [text])
    con.execute(_CSV_RECORDS_SQL)
    con.execute("drop table _raw_text")


def _cell_text(value: object) -> str | None:
    """Render one Excel cell as the text a CSV export of it would carry."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def load_xlsx_records(con: duckdb.DuckDBPyConnection, data: bytes) -> None:
    """Read the first sheet of an .xlsx into `_raw_records`; line = the sheet's row number.

    openpyxl decodes cell by cell (there is no vectorised .xlsx reader); from the
    decoded sheet on, the work is the same SQL as for CSV.
    """
    frame = pd.read_excel(io.BytesIO(data), sheet_name=0, header=None, dtype=object, engine="openpyxl")
    frame = frame.map(_cell_text).astype("string")
    frame.columns = [f"c{i}" for i in range(frame.shape[1])]
    frame.insert(0, "line", frame.index + 1)
    con.register("_xlsx_frame", frame)
    field_list = ", ".join(f"c{i}" for i in range(frame.shape[1] - 1)) or "null"
    con.execute(
        f"""
        create or replace temp table _raw_records as
        with cells as (
            select line::bigint as line, [{field_list}]::varchar[] as fields from _xlsx_frame
        )
        select
            line,
            line as last_line,
            array_to_string(list_transform(fields, lambda f: coalesce(f, '')), ',') as record_text,
            true as well_formed,
            fields,
        from cells
        where list_bool_or(list_transform(fields, lambda f: coalesce(trim(f), '') <> ''))
        order by line
        """
    )
    con.unregister("_xlsx_frame")
