"""The source files whose rows feed one published figure: the figure's rows of lineage.lineage_<table>
(dbt_project/models/lineage: the SQL lives in dbt), read from the working warehouse.

DuckDB allows one writer and any open handle blocks it, so the read holds the warehouse's writer lock
(equity_pipeline.lock): a refresh waits for the trace, never fails on it. RefreshLocked is the caller's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from equity_pipeline.lock import refresh_lock
from equity_pipeline.sql import q
from equity_pipeline.trace.published import match_clause

LINEAGE_SCHEMA = "lineage"


@dataclass(frozen=True)
class SourceFile:
    source: str
    file_name: str
    sha256: str
    as_of_date: date | None
    export_version: int | None
    contributing_rows: int
    file_status: str | None  # the ingest manifest's
    rows_landed: int | None
    rows_quarantined: int | None


@dataclass(frozen=True)
class Contributions:
    view: str
    files: tuple[SourceFile, ...]
    found: bool  # the view exists in the warehouse (built by the last dbt build)
    # database -> schema -> relation -> column -> type: what sqlglot needs to resolve unqualified
    # columns in the compiled SQL (read in the same locked read as the lineage)
    columns: dict[str, dict[str, dict[str, dict[str, str]]]] = field(default_factory=dict)


def view_name(table: str) -> str:
    return f"{LINEAGE_SCHEMA}.lineage_{table}"


def read_contributions(warehouse_dir: Path, database: Path, table: str, key: dict[str, str]) -> Contributions:
    view = view_name(table)
    with refresh_lock(warehouse_dir), duckdb.connect(str(database), read_only=True) as con:
        exists = con.execute(
            "select count(*) from duckdb_views() where schema_name = ? and view_name = ?",
            [LINEAGE_SCHEMA, f"lineage_{table}"],
        ).fetchall()[0][0]
        columns: dict[str, dict[str, dict[str, dict[str, str]]]] = {}
        for database_name, schema, relation, column, data_type in con.execute(
            "select database_name, schema_name, table_name, column_name, data_type from duckdb_columns() "
            "where not internal"
        ).fetchall():
            columns.setdefault(database_name, {}).setdefault(schema, {}).setdefault(relation, {})[column] = data_type
        if not exists:
            return Contributions(view, (), found=False, columns=columns)
        where, params = match_clause(key, alias="lineage")
        # the manifest row of the file (its checksum identifies it); a file's rows are one delivery
        rows = con.execute(
            f"""
            select
                lineage.source, lineage.source_file, lineage.source_sha256, lineage.as_of_date,
                lineage.export_version, lineage.contributing_rows,
                manifest.status, manifest.rows_landed, manifest.rows_quarantined
            from {LINEAGE_SCHEMA}.{q(f"lineage_{table}")} as lineage
            left join (
                select source, file_sha256, any_value(status) as status, any_value(rows_landed) as rows_landed,
                    any_value(rows_quarantined) as rows_quarantined
                from audit.ingest_manifest
                group by source, file_sha256
            ) as manifest
                on lineage.source = manifest.source and lineage.source_sha256 = manifest.file_sha256
            where {where} and lineage.source_file is not null
            order by lineage.source, lineage.as_of_date, lineage.export_version, lineage.source_file
            """,
            params,
        ).fetchall()
    return Contributions(view, tuple(SourceFile(*row) for row in rows), found=True, columns=columns)
