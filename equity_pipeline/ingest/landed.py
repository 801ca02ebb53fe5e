"""The landed tables, `landed.<source>`: the contract's typed columns, hashed ids and lineage."""

from __future__ import annotations

import datetime as dt

import duckdb

from equity_pipeline.contracts import Contract
from equity_pipeline.ingest.pseudonym import key_columns_sql
from equity_pipeline.ingest.validate import SQL_TYPES
from equity_pipeline.sql import q

LINEAGE_COLUMNS = {
    "_source_file": "varchar",
    "_sha256": "varchar",
    "_line": "bigint",
    "_as_of": "date",
    "_version": "integer",
    "_loaded_at": "timestamptz",
    "_run_id": "varchar",
}


def ensure_landed_table(con: duckdb.DuckDBPyConnection, contract: Contract) -> None:
    """Create `landed.<source>`, adding any column a newer contract declares."""
    columns = {c.name: SQL_TYPES[c.type] for c in contract.columns}
    for c in contract.columns:
        if c.pseudonymise:
            columns[c.key_column] = "varchar"
    columns.update(LINEAGE_COLUMNS)
    table = f"landed.{q(contract.source)}"
    con.execute(f"create table if not exists {table} ({', '.join(f'{q(n)} {t}' for n, t in columns.items())})")
    for name, sql_type in columns.items():
        con.execute(f"alter table {table} add column if not exists {q(name)} {sql_type}")


def insert_landed(
    con: duckdb.DuckDBPyConnection,
    contract: Contract,
    file_name: str,
    sha256: str,
    as_of: dt.date,
    version: int,
    pseudonym_key: str,
    run_id: str,
) -> None:
    """Land the file's valid rows: `_typed` without the lines `_problems` names."""
    # The value of each of LINEAGE_COLUMNS (a column added there without one fails here, loudly).
    lineage = {
        "_source_file": ("?", [file_name]),
        "_sha256": ("?", [sha256]),
        "_line": ("line", []),
        "_as_of": ("?::date", [as_of]),
        "_version": ("?", [version]),
        "_loaded_at": ("now()", []),
        "_run_id": ("?", [run_id]),
    }
    key_targets, key_exprs, params = key_columns_sql(contract, pseudonym_key)
    contract_columns = [q(c.name) for c in contract.columns]
    targets = contract_columns + key_targets
    selects = contract_columns + key_exprs
    for name in LINEAGE_COLUMNS:
        expr, values = lineage[name]
        targets.append(q(name))
        selects.append(expr)
        params += values
    con.execute(
        f"insert into landed.{q(contract.source)} ({', '.join(targets)}) "
        f"select {', '.join(selects)} from _typed anti join _problems using (line)",
        params,
    )


def delete_landed(con: duckdb.DuckDBPyConnection, source: str, file_name: str, sha256: str) -> int:
    """Remove one delivery's rows from `landed.<source>`; return how many there were."""
    ((removed,),) = con.execute(
        f"delete from landed.{q(source)} where _sha256 = ? and _source_file = ?", [sha256, file_name]
    ).fetchall()
    return removed
