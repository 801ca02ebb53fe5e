"""The header row: contract column -> field position, schema drift, or a rejection saying why.

Header cells are matched case-insensitively after trimming every kind of space (the parsers
trim every field, header cells included, with sql_text.trimmed_fields_sql). Messages name
contract columns and line numbers only, never a cell: a file without a header row has a data row in its place, and a
rejection message is published in `data_quality_issues`.
"""

from __future__ import annotations

import duckdb

from equity_pipeline.contracts import Contract
from equity_pipeline.ingest.files import FileRejected


def map_header(con: duckdb.DuckDBPyConnection, contract: Contract) -> tuple[dict[str, int], list[str], int]:
    """(positions of the contract's columns, drift columns, header width) from `_raw_records`.

    Rejected: no header row (no cell names a contract column), a known column named twice
    (which one holds the values is ambiguous), a missing required column. An unknown column,
    even repeated, is drift, reported once.
    """
    rows = con.execute(
        """
        select line, record_problem, list_transform(fields, lambda h: lower(coalesce(h, '')))
        from _raw_records where part_of is null order by line limit 1
        """
    ).fetchall()
    if not rows:
        raise FileRejected("file is empty: no header row")
    line, problem, header = rows[0]
    if problem is not None:
        raise FileRejected(f"the header row (line {line}) has malformed quoting")
    known = set(contract.column_names)
    if not known & set(header):
        raise FileRejected(f"no header row: none of the expected column names found in line {line}")
    repeated = sorted({h for h in header if h in known and header.count(h) > 1})
    if repeated:
        raise FileRejected(f"header repeats column(s): {', '.join(repeated)} (ambiguous: which one holds the values?)")
    missing = [c for c in contract.required_columns if c not in header]
    if missing:
        raise FileRejected(f"missing required column(s): {', '.join(missing)}")
    positions = {name: i + 1 for i, name in enumerate(header) if name in known}
    drift = list(dict.fromkeys(h for h in header if h and h not in known))
    return {c: positions[c] for c in contract.column_names if c in positions}, drift, len(header)
