"""Publish: copy the checked marts into a new DuckDB file and Parquet folder, then swap them in.

Runs only after every blocking check passed (Dagster orders it after them). The
new file is built beside the old one, checkpointed and closed, then renamed over
`published.duckdb` in one atomic `os.replace`: a reader holding the old file open
keeps reading it undisturbed, and never sees a half-written state. If anything
fails before the rename, the previous publication is untouched.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import duckdb

from equity_pipeline import __version__
from equity_pipeline.config import PROJECT_ROOT, Settings
from equity_pipeline.ingest.validate import lit, q
from equity_pipeline.publish.tables import PUBLISHED_TABLES

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
    tables json
);
"""


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
    return settings.warehouse_dir / "published.duckdb"


def parquet_dir(settings: Settings) -> Path:
    return settings.warehouse_dir / "published"


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(settings: Settings, run_id: str, checks_passed: int, checks_warned: int) -> Publication:
    """Build, swap in and log a new publication of every table in PUBLISHED_TABLES."""
    now = dt.datetime.now(dt.UTC)
    publish_id = f"{now:%Y%m%dT%H%M%SZ}-{run_id[:8]}"
    target = published_path(settings)
    building = settings.warehouse_dir / f".building-{publish_id}.duckdb"
    building_parquet = settings.warehouse_dir / f".building-{publish_id}-parquet"
    building.unlink(missing_ok=True)
    row_counts: dict[str, int] = {}
    try:
        with duckdb.connect(str(settings.warehouse_path)) as con:
            con.execute(PUBLICATION_LOG_DDL)
            source_files = con.execute(
                """
                select coalesce(to_json(list({
                    'source': source, 'file_name': file_name, 'sha256': file_sha256, 'as_of': as_of,
                    'version': version, 'rows_loaded': rows_landed, 'rows_quarantined': rows_quarantined
                } order by source, as_of, version))::varchar, '[]')
                from audit.ingest_manifest where status = 'loaded'
                """
            ).fetchall()[0][0]
            con.execute(f"attach {lit(str(building))} as pub")
            for table in PUBLISHED_TABLES:
                columns = ", ".join(q(c) for c in table.columns)
                con.execute(
                    f"create table pub.{q(table.name)} as "
                    f"select {lit(publish_id)} as publish_id, {columns} from {table.relation}"
                )
                row_counts[table.name] = con.execute(f"select count(*) from pub.{q(table.name)}").fetchall()[0][0]
            # The same row goes into the published copy now and into audit after the swap.
            log_row = [publish_id, now, run_id, code_version(), source_files, checks_passed, checks_warned,
                       json.dumps(row_counts)]  # fmt: skip
            con.execute(
                """
                create table pub.publication_log as
                select * from audit.publication_log
                union all
                select ?, ?::timestamptz, ?, ?, ?::json, ?, ?, ?::json
                """,
                log_row,
            )
            row_counts["publication_log"] = con.execute("select count(*) from pub.publication_log").fetchall()[0][0]
            building_parquet.mkdir()
            for name in row_counts:
                con.execute(f"copy pub.{q(name)} to {lit(str(building_parquet / f'{name}.parquet'))} (format parquet)")
            con.execute("checkpoint pub")
            con.execute("detach pub")
            # The swap: one atomic rename for the database file.
            os.replace(building, target)
            _fsync_dir(settings.warehouse_dir)
            _swap_parquet(building_parquet, parquet_dir(settings))
            # Logged only once the publication is really in place.
            con.execute("insert into audit.publication_log values (?, ?, ?, ?, ?::json, ?, ?, ?::json)", log_row)
    finally:
        building.unlink(missing_ok=True)
        Path(f"{building}.wal").unlink(missing_ok=True)
        shutil.rmtree(building_parquet, ignore_errors=True)
    return Publication(publish_id, target, parquet_dir(settings), row_counts)


def _swap_parquet(new_dir: Path, live_dir: Path) -> None:
    """Replace the Parquet folder. Two renames: a reader may find it missing for an instant, never half-written."""
    old = live_dir.with_name(f".retired-{live_dir.name}-{os.getpid()}")
    if live_dir.exists():
        os.replace(live_dir, old)
    os.replace(new_dir, live_dir)
    shutil.rmtree(old, ignore_errors=True)
