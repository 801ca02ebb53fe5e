"""The published tables as PostgreSQL tables: their types, and their rows copied set-based (COPY of a CSV).

Used by postgres.py inside its one transaction. DuckDB writes each table of the built publication file
as CSV (doubles in their shortest exact form, so PostgreSQL reads back the same bits; text always
quoted, so "" stays an empty string and \\N is the only NULL), and COPY reads it, declared UTF-8 so a
database in another encoding converts it or refuses it, never stores it garbled. FREEZE writes the rows
already visible to every snapshot: a repeatable-read reader that began before the publish and reads
after it finds the new rows, not an empty table.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import psycopg
from psycopg import sql

from equity_pipeline.sql import lit, q

# DuckDB type (as the published file declares it) -> PostgreSQL type: dates stay DATE, money
# NUMERIC(14,2) (any DECIMAL keeps its precision and scale), rates DOUBLE PRECISION.
TYPES = {
    "VARCHAR": "text",
    "DOUBLE": "double precision",
    "FLOAT": "real",
    "BIGINT": "bigint",
    "INTEGER": "integer",
    "SMALLINT": "smallint",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "TIMESTAMP WITH TIME ZONE": "timestamptz",
    "JSON": "json",
}
QUOTED = {"VARCHAR", "JSON"}
DECIMAL = re.compile(r"DECIMAL\((\d+),(\d+)\)")


class UnpublishableTable(RuntimeError):
    """A table of the publication cannot be written to PostgreSQL (an undeclared type, an unreadable file)."""


def pg_type(duckdb_type: str) -> str:
    """The PostgreSQL type a published DuckDB column is written as (an unknown type is refused, not guessed)."""
    if match := DECIMAL.fullmatch(duckdb_type.upper()):
        return f"numeric({match[1]},{match[2]})"
    if duckdb_type.upper() not in TYPES:
        raise UnpublishableTable(f"no PostgreSQL type is declared for DuckDB type {duckdb_type}")
    return TYPES[duckdb_type.upper()]


def tables_of(database: Path) -> dict[str, list[tuple[str, str]]]:
    """Each table of the built publication file with its columns and DuckDB types, in order."""
    try:
        with duckdb.connect(str(database), read_only=True) as con:
            rows = con.execute(
                "select table_name, column_name, data_type from duckdb_columns() "
                "where schema_name = 'main' and not internal order by table_name, column_index"
            ).fetchall()
    except duckdb.Error as exc:
        raise UnpublishableTable(f"cannot read {database}: {exc}") from exc
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, column, data_type in rows:
        tables.setdefault(table, []).append((column, data_type))
    return tables


def _write_csv(con: duckdb.DuckDBPyConnection, table: str, columns: list[tuple[str, str]], path: Path) -> None:
    quoted = [q(c) for c, t in columns if t.upper() in QUOTED]
    force = f", force_quote ({', '.join(quoted)})" if quoted else ""
    try:
        con.execute(f"copy {q(table)} to {lit(str(path))} (format csv, header false, nullstr '\\N'{force})")
    except duckdb.Error as exc:  # e.g. the scratch folder's disk is full
        raise UnpublishableTable(f"cannot write {table} as CSV for PostgreSQL: {exc}") from exc


def load(
    cur: psycopg.Cursor, schema: str, database: Path, tables: dict[str, list[tuple[str, str]]], scratch: Path
) -> None:
    """Create `schema` and, in it, every table with its rows (inside the caller's transaction)."""
    cur.execute(sql.SQL("create schema {}").format(sql.Identifier(schema)))
    try:
        source = duckdb.connect(str(database), read_only=True)  # one read-only handle for every table's CSV
    except duckdb.Error as exc:
        raise UnpublishableTable(f"cannot read {database}: {exc}") from exc
    with source:
        for table, columns in tables.items():
            _load_table(cur, schema, source, table, columns, scratch)


def _load_table(
    cur: psycopg.Cursor,
    schema: str,
    source: duckdb.DuckDBPyConnection,
    table: str,
    columns: list[tuple[str, str]],
    scratch: Path,
) -> None:
    """One table: created with its published types, filled by COPY of the CSV DuckDB writes."""
    cur.execute(
        sql.SQL("create table {}.{} ({})").format(
            sql.Identifier(schema),
            sql.Identifier(table),
            sql.SQL(", ").join(sql.SQL("{} {}").format(sql.Identifier(c), sql.SQL(pg_type(t))) for c, t in columns),
        )
    )
    csv = scratch / f"{table}.csv"
    _write_csv(source, table, columns, csv)
    copy = sql.SQL("copy {}.{} from stdin (format csv, null '\\N', encoding 'UTF8', freeze)").format(
        sql.Identifier(schema), sql.Identifier(table)
    )
    with cur.copy(copy) as pipe, csv.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            pipe.write(chunk)
    csv.unlink()
