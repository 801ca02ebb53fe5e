"""What the gate tests on hand-made marts share: the warehouse they run on, refilling a table, and each mart's
failed expectations."""

from collections.abc import Callable
from pathlib import Path

import duckdb

from equity_pipeline.dbt_runtime import run_dbt
from equity_pipeline.publish.catalog import published_table
from equity_pipeline.quality.gate import publishable_gate
from tests.conftest import settings_under


def create_published_marts(con: duckdb.DuckDBPyConnection, tables: tuple[str, ...]) -> None:
    """An empty marts.<table> for each published table, with its contract's columns and types."""
    con.execute("create schema if not exists marts")
    for name in tables:
        columns = ", ".join(f"{c.name} {c.data_type}" for c in published_table(name).columns)
        con.execute(f"create table marts.{name} ({columns})")


def build_gate_warehouse(
    tmp: Path,
    tables: tuple[str, ...],
    setup: Callable[[duckdb.DuckDBPyConnection], None],
    dbt_commands: list[list[str]],
) -> Path:
    """A warehouse under tmp with an empty marts.<table> per published table, what `setup` creates beside them
    (the tables the gate views read), then the dbt commands (seeds, gate views) built on them; its path."""
    settings = settings_under(tmp)
    settings.warehouse_dir.mkdir(parents=True)
    with duckdb.connect(str(settings.warehouse_path)) as con:
        create_published_marts(con, tables)
        setup(con)
    for args in dbt_commands:
        built = run_dbt(args, settings, target_path=tmp / "target")
        assert built.returncode == 0, built.stdout + built.stderr
    return settings.warehouse_path


def fill(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    """Replace a table's rows."""
    con.execute(f"delete from {table}")
    if rows:
        con.executemany(f"insert into {table} values ({', '.join(['?'] * len(rows[0]))})", rows)


def failed_expectations(con: duckdb.DuckDBPyConnection, tables: tuple[str, ...]) -> dict[str, list[tuple]]:
    """Each published mart's gate failures as (expectation, column, detail), for the marts that fail."""
    results = {name: publishable_gate(con, published_table(name)) for name in tables}
    return {
        name: sorted({(f.expectation, f.column, f.detail) for f in r.failures})
        for name, r in results.items()
        if r.failures
    }
