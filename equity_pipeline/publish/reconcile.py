"""Bring the publication area back to a clean state after a crash, at the start of every publish and run.

A publish may be killed at any instant (see layout.py for why readers never notice). What it
can leave behind is repaired here, in this order:
1. `.building-*` / `.retired-*` leftovers are removed;
2. a pre-versioning layout is adopted as a version folder;
3. the fixed reader links exist;
4. the log: the live publication carries its own row in its `publication_log`, written before
   the swap; any row there missing from `audit.publication_log` (a kill between the swap and
   the insert) is inserted, so the audit log names every publication a reader could see;
5. version folders other than the current and the previous one are removed.
Before 3, when the PostgreSQL publication is configured: if PostgreSQL shows a publication that is
complete on disk but not yet current (a kill between its COMMIT and the disk's swap), the disk is
rolled forward to it, so the two show the same publication again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from equity_pipeline.config import Settings
from equity_pipeline.publish.layout import (
    adopt_legacy,
    clean_leftovers,
    current_id,
    ensure_reader_links,
    pointer,
    prune_versions,
    replace_symlink,
    versions_dir,
)
from equity_pipeline.publish.postgres import current_publish_id
from equity_pipeline.sql import lit, q

PUBLICATION_LOG_DDL = """
create schema if not exists audit;
create table if not exists audit.publication_log (
    publish_id varchar primary key,
    published_at timestamptz not null,
    run_id varchar,
    code_version varchar,
    source_files json,
    checks_passed integer,
    checks_warned integer,
    tables json,
    source_freshness json
);
-- A warehouse from before source freshness: the column is appended after `tables`.
alter table audit.publication_log add column if not exists source_freshness json;
"""
# The log's columns in order, as the publisher writes a row (publisher.py builds its row by these names).
PUBLICATION_LOG_COLUMNS = (
    "publish_id",
    "published_at",
    "run_id",
    "code_version",
    "source_files",
    "checks_passed",
    "checks_warned",
    "tables",
    "source_freshness",
)


@dataclass(frozen=True)
class Reconciled:
    removed_leftovers: list[Path]
    logged: list[str]  # publish_ids found live but missing from audit.publication_log, now inserted
    pruned: list[str]


def reconcile_log(con: duckdb.DuckDBPyConnection, live: Path) -> list[str]:
    """Insert into audit.publication_log every row of the live publication's log that it lacks."""
    con.execute(PUBLICATION_LOG_DDL)
    if not live.exists():
        return []
    con.execute(f"attach {lit(str(live))} as live (read_only)")
    try:
        # By name, and only those the live log has: one copied from an older layout may order them differently,
        # and one published before a column existed (source_freshness) lacks it: null there.
        own = [d[0] for d in con.execute("select * from audit.publication_log limit 0").description]
        theirs = {d[0] for d in con.execute("select * from live.publication_log limit 0").description}
        columns = ", ".join(q(c) for c in own if c in theirs)
        missing = [
            r[0]
            for r in con.execute(
                "select publish_id from live.publication_log "
                "where publish_id not in (select publish_id from audit.publication_log) order by published_at"
            ).fetchall()
        ]
        con.execute(
            f"insert into audit.publication_log ({columns}) select {columns} from live.publication_log "
            "where publish_id not in (select publish_id from audit.publication_log)"
        )
    finally:
        con.execute("detach live")
    return missing


def roll_forward_to_postgres(settings: Settings) -> str | None:
    """Make PostgreSQL's publication current on disk when it is complete there and newer; return its id."""
    shown = current_publish_id(settings.publish_postgres_url)
    warehouse = settings.warehouse_dir
    current = current_id(warehouse)
    # publish_ids begin with their UTC time, so a later one sorts after
    if shown is None or shown == current or not (versions_dir(warehouse) / shown).is_dir() or shown < (current or ""):
        return None
    replace_symlink(pointer(warehouse), shown)
    return shown


def reconcile(settings: Settings, con: duckdb.DuckDBPyConnection | None = None) -> Reconciled:
    """Repair the publication area and the log (see the module docstring). The caller holds the writer lock."""
    warehouse = settings.warehouse_dir
    removed = clean_leftovers(warehouse)
    adopt_legacy(warehouse)
    if settings.publish_postgres_url:
        roll_forward_to_postgres(settings)
    if current_id(warehouse) is not None:
        ensure_reader_links(warehouse)
    live = warehouse / "published.duckdb"
    if con is not None:
        logged = reconcile_log(con, live)
    elif settings.warehouse_path.exists() or live.exists():
        with duckdb.connect(str(settings.warehouse_path)) as own:
            logged = reconcile_log(own, live)
    else:
        logged = []
    return Reconciled(removed, logged, prune_versions(warehouse))
