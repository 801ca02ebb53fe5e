""".xlsx -> `_raw_records`, each cell rendered as the text a CSV export of it would carry.

openpyxl is read directly, not through pandas: pandas turns the words NA, N/A, null, None,
nan... into blanks, and those can be values (a department "NA", the name "None"). Numbers
are binary doubles: they are written with Excel's 15 significant digits (0.1 + 0.2 is 0.3,
as Excel shows it), never in exponent notation; a whole number formatted with zeros
(`000000`) keeps the leading zeros Excel shows (an id 777 shown as 000777). Whether a cell
was a number is kept (`numeric_cells`), so money typing can round it to cents. A cell
holding an Excel error (#N/A, #VALUE!...) makes its row invalid.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import duckdb
import pandas as pd
from openpyxl import load_workbook

from equity_pipeline.ingest.sql_text import trimmed_fields_sql

EXCEL_ERROR = "a cell holds an Excel error value (such as #N/A)"
# A number format of zeros only, optionally after a quoted literal ("E"00000): the digits shown.
_ZERO_PADDED = re.compile(r'(?:"([^"]*)")?(0+)')


def _number_text(value: int | float, number_format: str) -> str:
    number = Decimal(format(value, ".15g")) if isinstance(value, float) else Decimal(value)
    if number == number.to_integral_value():
        text = format(number.quantize(Decimal(1)), "f")
        padded = _ZERO_PADDED.fullmatch(number_format or "")
        if padded:
            return (padded.group(1) or "") + text.zfill(len(padded.group(2)))
        return text
    return format(number.normalize(), "f")


def cell_text(cell: object) -> tuple[str | None, bool, bool]:
    """(text, is a number, is an Excel error) for one openpyxl cell."""
    value = getattr(cell, "value", None)
    if value is None:
        return None, False, False
    if getattr(cell, "data_type", None) == "e":
        return str(value), False, True
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), False, False
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat(), False, False
        return value.isoformat(sep=" "), False, False
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat(), False, False
    if isinstance(value, (int, float)):
        return _number_text(value, getattr(cell, "number_format", "")), True, False
    return str(value), False, False


def load_xlsx_records(con: duckdb.DuckDBPyConnection, data: bytes) -> None:
    """Read the first sheet of an .xlsx into `_raw_records`; line = the sheet's row number.

    openpyxl decodes cell by cell (there is no vectorised .xlsx reader); from the
    decoded sheet on, the work is the same SQL as for CSV.
    """
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    # Some writers record wrong dimensions; read every row and cell the sheet holds.
    sheet.reset_dimensions()
    rendered = [[cell_text(cell) for cell in row] for row in sheet.iter_rows()]
    workbook.close()
    width = max((len(r) for r in rendered), default=0)
    columns: dict[str, list] = {"line": list(range(1, len(rendered) + 1))}
    columns["has_error"] = [any(c[2] for c in r) for r in rendered]
    for i in range(width):
        columns[f"c{i}"] = [r[i][0] if i < len(r) else None for r in rendered]
        columns[f"n{i}"] = [r[i][1] if i < len(r) else False for r in rendered]
    frame = pd.DataFrame(columns)
    for i in range(width):
        frame[f"c{i}"] = frame[f"c{i}"].astype("string")
    con.register("_xlsx_frame", frame)
    texts = ", ".join(f"c{i}" for i in range(width)) or "null"
    numbers = ", ".join(f"n{i}" for i in range(width)) or "null"
    con.execute(
        f"""
        create or replace temp table _raw_records as
        with cells as (
            select
                line::bigint as line,
                has_error,
                {trimmed_fields_sql(f"[{texts}]::varchar[]")} as fields,
                [{numbers}]::boolean[] as numeric_cells,
            from _xlsx_frame
        )
        select
            line,
            line as last_line,
            array_to_string(list_transform(fields, lambda f: coalesce(f, '')), ',') as record_text,
            not has_error as well_formed,
            fields,
            null::bigint as part_of,
            case when has_error then '{EXCEL_ERROR}' end as record_problem,
            numeric_cells,
        from cells
        where has_error or list_bool_or(list_transform(fields, lambda f: coalesce(f, '') <> ''))
        order by line
        """
    )
    con.unregister("_xlsx_frame")
