"""Turn a decoded CSV text or an .xlsx sheet into a DuckDB table of raw records.

The result is a temp table `_raw_records(line, last_line, record_text, well_formed, fields,
part_of, record_problem, numeric_cells)`: one row per CSV record with the physical line it
starts on (header = line 1), so quarantine can name the line a clerk sees in a text editor;
plus one row per further line of a multi-line record (`part_of` = the record's first line),
so that when the record is broken each swallowed line counts as an invalid row. Every
field is trimmed here, once (sql_text.trimmed_fields_sql): header cells and values alike.

Quoting, set-based: a field is quoted when it starts with a quote; a quote anywhere else
is data (`5'10"`, `O"Neil`), as most CSV readers have it. Each line then maps the state
before it (inside a quoted field or not) to the state after it, decided by two regular
expressions per line; the maps compose with window functions (see _CSV_RECORDS_SQL), so no
loop walks the lines. A quote that opens and never closes runs to the end of the file.
Lines without a quote (nearly all) skip the regular expressions, and records without one
are cut by a plain split.
"""

from __future__ import annotations

import duckdb

from equity_pipeline.ingest.sql_text import SPACE_CHARS, trim_sql, trimmed_fields_sql
from equity_pipeline.ingest.xlsx import load_xlsx_records

__all__ = ["load_csv_records", "load_xlsx_records"]

QUOTED = '"(?:[^"]|"")*"'
UNQUOTED = '(?:[^,"][^,]*)?'  # may be empty; holds quotes as data
# A field as a lenient reader scans it: after a closing quote, text up to the comma is kept
# (the record is then malformed, but the scan goes on).
SCANNED = f'(?:{QUOTED}(?:[^,"][^,]*)?|[^,"][^,]*|)'
OPEN = '"(?:[^"]|"")*'  # a quoted field still open at the end of the line
CONTENT = '(?:[^"]|"")*'
# The line ends inside a quoted field, having started outside / inside one.
OUT_TO_IN = f"(?:{SCANNED},)*{OPEN}"
IN_TO_IN = f'{CONTENT}|{CONTENT}"(?:[^,"][^,]*)?,(?:{SCANNED},)*{OPEN}'

# One field, always preceded by a comma (the record is given a leading comma),
# so an empty first field never becomes an empty match the engine skips past.
FIELD_RE = ',(?:"((?:[^"]|"")*)"|([^,"][^,]*|))'
RECORD_RE = f"(?:{QUOTED}|{UNQUOTED})(?:,(?:{QUOTED}|{UNQUOTED}))*"

MALFORMED = "malformed CSV quoting (text after a closing quote)"
# A quoted field's text without its doubled quotes, else the bare field.
_UNQUOTED_FIELDS = """list_transform(quoted, lambda q, i: coalesce(replace(q, '""', '"'), bare[i]))"""
# A record without quotes is blank unless it holds a character that is neither a comma nor
# a space (one search that stops at the first such character, instead of a trim per field).
NONBLANK_SQL = "'[^," + "".join(f"\\x{{{ord(c):x}}}" for c in SPACE_CHARS) + "]'"

# The columns of `_raw_records`, in order, as both parsers' final select writes them.
_RECORD_COLUMNS = (
    "line, last_line, record_text, well_formed, fields, null::bigint as part_of, record_problem, "
    "null::boolean[] as numeric_cells,"
)

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

quoted_lines as (
    -- Only lines holding a quote can change the state (inside a quoted field or not): each
    -- maps the state before it to the state after it, as identity, a swap, or a constant.
    -- from_out / from_in: does the line end inside a quoted field, having started outside /
    -- inside one?
    select
        line_no,
        regexp_full_match(line_text, '{OUT_TO_IN}') as from_out,
        regexp_full_match(line_text, '{IN_TO_IN}') as from_in,
    from lines
    where contains(line_text, '"')
),

swaps as (
    select
        *,
        sum((from_out and not from_in)::int) over (order by line_no) as swaps_so_far,
    from quoted_lines
),

composed as (
    -- The state after line k: the last constant map at or before k, flipped by every swap
    -- since ("outside" before line 1).
    select
        line_no,
        coalesce(last_value(case when from_out = from_in then from_out end ignore nulls) over w, false)
        <> ((swaps_so_far - coalesce(last_value(case when from_out = from_in then swaps_so_far end ignore nulls)
            over w, 0)) % 2 = 1) as inside_after,
    from swaps
    window w as (order by line_no rows between unbounded preceding and current row)
),

chained as (
    select
        *,
        coalesce(lag(inside_after) over (order by line_no), false) as inside_before,
        lead(line_no) over (order by line_no) as next_quoted_line,
    from composed
),

spans as (
    -- A quoted line that starts outside a quoted field starts a record; one that starts
    -- inside continues the record of the last such line.
    select
        *,
        last_value(case when not inside_before then line_no end ignore nulls) over (
            order by line_no rows between unbounded preceding and current row
        ) as record_line,
    from chained
),

continuation as (
    -- After a line ending inside a quoted field, every line up to the next quoted line
    -- continues the record; with no next quoted line, the quote never closes.
    select
        unnest(range(line_no + 1, coalesce(next_quoted_line, (select max(line_no) from lines)) + 1)) as line_no,
        record_line,
        next_quoted_line is null as unclosed,
    from spans
    where inside_after
),

multi_line as (
    select
        l.line_no,
        l.line_text,
        coalesce(c.record_line, l.line_no) as record_line,
        coalesce(c.unclosed, false) as unclosed,
    from lines as l
    left join continuation as c on l.line_no = c.line_no
    where l.line_no in (select line_no from continuation) or l.line_no in (select record_line from continuation)
),

records as (
    -- Nearly every record is one line: no aggregation for those.
    select
        line_no as line,
        line_no as last_line,
        false as unclosed,
        regexp_replace(line_text, '\\r$', '') as record,
    from lines
    where
        line_no not in (select line_no from continuation)
        and line_no not in (select record_line from continuation)
    union all
    select
        record_line as line,
        -- an unclosed quote's record ends at its last non-blank line, not at trailing blanks
        coalesce(max(line_no) filter (where line_text not in ('', chr(13))), record_line) as last_line,
        bool_or(unclosed) as unclosed,
        regexp_replace(string_agg(line_text, chr(10) order by line_no), '\\r$', '') as record,
    from multi_line
    group by record_line
),

plain_rows as (
    -- Most records hold no quote at all: a plain split is exact for them and 15x cheaper.
    select
        line,
        last_line,
        false as unclosed,
        true as well_formed,
        {trimmed_fields_sql("string_split(record, ',')")} as fields,
        null::varchar as record_problem,
        record as record_text,
    from records
    -- blank lines, and rows whose every field is blank (Excel's empty rows), are ignored
    where not contains(record, '"') and regexp_matches(record, {NONBLANK_SQL})
),

cut as (
    select
        *,
        regexp_full_match(record, '{RECORD_RE}') and not unclosed as well_formed,
        regexp_extract_all(',' || record, '{FIELD_RE}', 1) as quoted,
        regexp_extract_all(',' || record, '{FIELD_RE}', 2) as bare,
    from records
    where contains(record, '"')
),

record_rows as (
    select * from plain_rows
    union all
    select
        line,
        last_line,
        unclosed,
        well_formed,
        {trimmed_fields_sql(_UNQUOTED_FIELDS)} as fields,
        case
            when unclosed and last_line > line
                then 'unclosed quote at line ' || line || ' swallows lines ' || line || '-' || last_line
            when unclosed then 'unclosed quote at line ' || line
            when not well_formed and last_line > line
                then 'malformed CSV quoting in the record at lines ' || line || '-' || last_line
                || ', each line counted as an invalid row'
            when not well_formed then '{MALFORMED}'
        end as record_problem,
        -- a broken record's later lines have rows of their own: keep only its first line here
        case when well_formed then record else regexp_replace(split_part(record, chr(10), 1), '\\r$', '') end
            as record_text,
    from cut
    -- (blank: every field empty once trimmed)
    where list_bool_or(list_transform(list_transform(quoted, lambda q, i: coalesce(q, bare[i])),
        lambda f: {trim_sql("f")} <> ''))
),

continuation_rows as (
    select
        c.line_no as line,
        c.line_no as last_line,
        regexp_replace(l.line_text, '\\r$', '') as record_text,
        false as well_formed,
        null::varchar[] as fields,
        r.line as part_of,
        case
            when r.unclosed then 'swallowed by the unclosed quote at line ' || r.line
            else 'belongs to the invalid record starting at line ' || r.line
        end as record_problem,
    from continuation as c
    inner join lines as l on c.line_no = l.line_no
    inner join record_rows as r on c.record_line = r.line and c.line_no <= r.last_line
    where {trim_sql("l.line_text")} <> ''
)

select {_RECORD_COLUMNS}
from record_rows
union all
select *, null::boolean[] as numeric_cells from continuation_rows
order by line
"""


# A file without any quote (most exports) needs none of the quote machinery.
_LINES_SQL = _CSV_RECORDS_SQL[: _CSV_RECORDS_SQL.index("quoted_lines as (")]
_PLAIN_SQL = _CSV_RECORDS_SQL[_CSV_RECORDS_SQL.index("plain_rows as (") : _CSV_RECORDS_SQL.index("cut as (")]
_UNQUOTED_FILE_SQL = f"""{_LINES_SQL}records as (
    select line_no as line, line_no as last_line, regexp_replace(line_text, '\\r$', '') as record, from lines
),

{_PLAIN_SQL.rstrip().rstrip(",")}

select {_RECORD_COLUMNS}
from plain_rows
order by line
"""


def load_csv_records(con: duckdb.DuckDBPyConnection, text: str) -> None:
    """Parse decoded CSV text into `_raw_records` (see module docstring)."""
    if "\n" not in text and "\r" in text:
        # Excel for Mac's "CSV (Macintosh)" ends lines with a lone CR: one text editor line each.
        text = text.replace("\r", "\n")
    con.execute("create or replace temp table _raw_text as select ?::varchar as content", [text])
    con.execute(_CSV_RECORDS_SQL if '"' in text else _UNQUOTED_FILE_SQL)
    # Excel's "sep=," hint line above the header is not the header; line numbers stay physical.
    con.execute(
        "delete from _raw_records where line = (select min(line) from _raw_records) and lower(record_text) = 'sep=,'"
    )
    con.execute("drop table _raw_text")
