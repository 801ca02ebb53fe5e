"""Publish: copy the checked marts into a new version folder, then swap one pointer to it.

Runs only after every blocking check passed (Dagster orders it after them), under the writer
lock. The layout and its invariant are in layout.py: readers open `published.duckdb` and
`published/<table>.parquet`, both fixed links through `publications/current`, and the swap
is the single rename of that pointer. So a kill at any instant leaves readers the old or the
new publication, whole, with the DuckDB file and the Parquet of the same publish_id.

Order of a publish:
  reconcile (leftovers, log, old versions; reconcile.py)
  -> build publications/.building-<id>/published.duckdb, whose publication_log already holds
     this publication's row, and its Parquet copies; checkpoint, fsync
  -> rename the folder to publications/<id>          (complete; not yet visible)
  -> when EQUITY_PUBLISH_POSTGRES_URL is set: the same tables to PostgreSQL in one transaction
     (postgres.py); its COMMIT is the point of no return: a kill after it is rolled forward by
     the next reconcile, a failure before it leaves both publications as they were
  -> SWAP: rename a new link over publications/current (visible)
  -> insert the row into audit.publication_log        (a kill before it: reconciled next time)
  -> prune versions other than the current and the previous.
A reader holding the old file open keeps reading it undisturbed (its folder is kept until the
next publish, and an open file outlives its name).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

import duckdb

from equity_pipeline import __version__
from equity_pipeline.config import PROJECT_ROOT, Settings
from equity_pipeline.contracts import all_contracts
from equity_pipeline.durable import fsync_dir
from equity_pipeline.publish.catalog import published_tables
from equity_pipeline.publish.layout import (
    DUCKDB_NAME,
    PARQUET_NAME,
    ensure_reader_links,
    fsync_tree,
    pointer,
    prune_versions,
    replace_symlink,
    versions_dir,
)
from equity_pipeline.publish.postgres import PostgresCommitUnknown, PostgresPublishError, publish_to_postgres
from equity_pipeline.publish.reconcile import PUBLICATION_LOG_COLUMNS, reconcile
from equity_pipeline.publish.unchanged import SOURCE_FILES_SQL, unchanged_publication
from equity_pipeline.quality.freshness import local_today, source_freshness
from equity_pipeline.sql import lit, q

# TEST HOOK, not a setting: when EQUITY_TEST_CRASH_AT names one of these steps, the process
# SIGKILLs itself there (tests/publish/test_crash_safety.py). Unset, it does nothing.
CRASH_POINTS = (
    "reconciled",  # leftovers cleaned, log reconciled
    "building_duckdb",  # the first table copied into the new file
    "built_duckdb",  # every table and the log row in the new file
    "building_parquet",  # the first Parquet file written
    "built_version",  # the folder renamed to publications/<id>, not yet visible
    "swapped",  # the pointer names the new publication
    "linked",  # reader links checked
    "logged",  # the row inserted into audit.publication_log
    "pruned",  # old versions removed
)
# Reached only when the PostgreSQL publication is configured (tests/publish/test_postgres_publication.py).
POSTGRES_CRASH_POINTS = (
    "postgres_staged",  # every table in published_staging, the transaction still open
    "postgres_committed",  # PostgreSQL shows the new publication; the disk does not yet
)


def crash_point(step: str) -> None:
    """Test hook: die here, as kill -9 would, when EQUITY_TEST_CRASH_AT names this step."""
    if os.environ.get("EQUITY_TEST_CRASH_AT") == step:
        os.kill(os.getpid(), signal.SIGKILL)


@dataclass(frozen=True)
class Publication:
    publish_id: str
    published_path: Path
    parquet_dir: Path
    row_counts: dict[str, int]


def code_version() -> str:
    """The git commit the code runs from (with -dirty for local changes), else the package version."""
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        return f"{sha}{'-dirty' if dirty else ''}"
    except (OSError, subprocess.CalledProcessError):
        return f"equity-pipeline {__version__}"


def published_path(settings: Settings) -> Path:
    """What DuckDB-aware readers open (a fixed link to the current publication's file)."""
    return settings.warehouse_dir / DUCKDB_NAME


def parquet_dir(settings: Settings) -> Path:
    """What Parquet readers open (a fixed link to the current publication's Parquet folder)."""
    return settings.warehouse_dir / "published"


# The log row's columns by name, with the casts of their types (reconcile.py's DDL).
LOG_COLUMNS = ", ".join(PUBLICATION_LOG_COLUMNS)
_LOG_CASTS = {"published_at": "timestamptz", "source_files": "json", "tables": "json", "source_freshness": "json"}
LOG_VALUES = ", ".join(f"?::{_LOG_CASTS[c]}" if c in _LOG_CASTS else "?" for c in PUBLICATION_LOG_COLUMNS)


def _log_values(log_row: dict[str, object]) -> list[object]:
    return [log_row[c] for c in PUBLICATION_LOG_COLUMNS]


def _build(
    con: duckdb.DuckDBPyConnection, building: Path, log_row: dict[str, object], publish_id: str, storage_version: str
) -> dict[str, int]:
    """Write every published table, the log (with this publication's row) and their Parquet copies."""
    database = building / DUCKDB_NAME
    row_counts: dict[str, int] = {}
    # In the storage format readers' DuckDB (1.x in most BI drivers) opens, not 2.0's newest.
    con.execute(f"attach {lit(str(database))} as pub (storage_version {lit(storage_version)})")
    try:
        for table in published_tables():
            columns = ", ".join(q(c) for c in table.column_names)
            con.execute(
                f"create table pub.{q(table.name)} as "
                f"select {lit(publish_id)} as publish_id, {columns} from {table.relation}"
            )
            row_counts[table.name] = con.execute(f"select count(*) from pub.{q(table.name)}").fetchall()[0][0]
            crash_point("building_duckdb")
        log_row["tables"] = json.dumps(row_counts)
        # The row is in the new file before it is visible: the log can never miss a shown publication.
        con.execute(
            f"create table pub.publication_log as select {LOG_COLUMNS} from audit.publication_log "
            f"union all select {LOG_VALUES}",
            _log_values(log_row),
        )
        row_counts["publication_log"] = con.execute("select count(*) from pub.publication_log").fetchall()[0][0]
        con.execute("checkpoint pub")
        crash_point("built_duckdb")
        (building / PARQUET_NAME).mkdir()
        for name in row_counts:
            target = building / PARQUET_NAME / f"{name}.parquet"
            con.execute(f"copy pub.{q(name)} to {lit(str(target))} (format parquet)")
            crash_point("building_parquet")
    finally:
        con.execute("detach pub")
    return row_counts


def _publish_postgres(settings: Settings, version: Path) -> None:
    """The same publication to PostgreSQL, before the disk's swap (module docstring)."""
    try:
        publish_to_postgres(
            settings.publish_postgres_url,
            version / DUCKDB_NAME,
            settings.publish_postgres_reader,
            settings.publish_postgres_lock_wait_seconds,
            scratch_dir=version.parent,  # its CSVs: .building-pg-*, removed by reconcile if a kill leaves them
            before_swap=lambda: crash_point("postgres_staged"),
        )
    except PostgresCommitUnknown:
        raise  # the folder stays: if PostgreSQL did commit, the next reconcile rolls the disk forward to it
    except PostgresPublishError:
        shutil.rmtree(version)  # rolled back: never shown anywhere
        raise
    crash_point("postgres_committed")


def publish(
    settings: Settings, run_id: str, checks_passed: int, checks_warned: int, reconciled: bool = False
) -> Publication:
    """Build, swap in and log a new publication of every published table (publish/catalog.py).

    `reconciled`: the caller has just reconciled under the same writer lock (publish_if_changed), so it
    is not done twice (each asks a configured PostgreSQL server)."""
    now = dt.datetime.now(dt.UTC)
    publish_id = f"{now:%Y%m%dT%H%M%SZ}-{run_id[:8]}"
    warehouse = settings.warehouse_dir
    folder = versions_dir(warehouse)
    building = folder / f".building-{publish_id}"
    with duckdb.connect(str(settings.warehouse_path)) as con:
        if not reconciled:
            reconcile(settings, con)
        crash_point("reconciled")
        folder.mkdir(exist_ok=True)
        building.mkdir()
        source_files = con.execute(SOURCE_FILES_SQL).fetchall()[0][0]
        # as of this publish, on the office's calendar (the same figures as the run's freshness checks)
        freshness = source_freshness(con, all_contracts().values(), local_today(settings.timezone))
        log_row = {
            "publish_id": publish_id,
            "published_at": now,
            "run_id": run_id,
            "code_version": code_version(),
            "source_files": source_files,
            "checks_passed": checks_passed,
            "checks_warned": checks_warned,
            "tables": None,  # the row counts, once _build has written the tables
            "source_freshness": json.dumps([f.as_dict() for f in freshness]),
        }
        try:
            row_counts = _build(con, building, log_row, publish_id, settings.published_storage_version)
            fsync_tree(building)
            os.replace(building, folder / publish_id)
        except BaseException:
            # Never visible: remove it now (a kill leaves it to the next publish's reconcile).
            if building.exists():
                shutil.rmtree(building)
            raise
        fsync_dir(folder)
        crash_point("built_version")
        if settings.publish_postgres_url:
            _publish_postgres(settings, folder / publish_id)
        replace_symlink(pointer(warehouse), publish_id)  # THE swap
        crash_point("swapped")
        ensure_reader_links(warehouse)
        crash_point("linked")
        con.execute(f"insert into audit.publication_log ({LOG_COLUMNS}) select {LOG_VALUES}", _log_values(log_row))
        crash_point("logged")
    prune_versions(warehouse)
    crash_point("pruned")
    return Publication(publish_id, published_path(settings), parquet_dir(settings), row_counts)


def publish_if_changed(settings: Settings, run_id: str, checks: list) -> tuple[str, bool]:
    """Publish unless nothing is new (unchanged.py): (the publish_id readers see, whether this published it).

    `checks` are the run's CheckOutcome-s (record.py): their passes and warnings are logged with a new publication.
    """
    with duckdb.connect(str(settings.warehouse_path)) as con:
        # first, so the comparison is with what readers see (a PostgreSQL publication ahead of the disk is
        # rolled forward) and a kept publication's record is complete (one killed before its log row)
        reconcile(settings, con)
        kept = unchanged_publication(settings, con)
    if kept:
        return kept, False
    passed = sum(c.passed for c in checks)
    warned = sum(not c.passed and c.warn_only for c in checks)
    return publish(settings, run_id, checks_passed=passed, checks_warned=warned, reconciled=True).publish_id, True
