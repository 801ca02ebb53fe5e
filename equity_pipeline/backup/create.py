"""`make backup DEST=...`: one whole, verified backup folder of a warehouse (the package docstring says what)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import duckdb
import yaml

from equity_pipeline import __version__
from equity_pipeline.backup.manifest import (
    FOLDER_PREFIX,
    FORMAT,
    BackupError,
    copy_hashed,
    fsync_dirs,
    hash_file,
    write_manifest,
)
from equity_pipeline.config import Settings
from equity_pipeline.durable import fsync_dir
from equity_pipeline.instance import FOLDER as DAGSTER_FOLDER
from equity_pipeline.lock import refresh_lock
from equity_pipeline.publish.layout import current_id

SQLITE_HEADER = b"SQLite format 3\x00"
# SQLite's side files: the backup API's copy already holds what they add.
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def _checkpoint(warehouse: Path) -> list[str]:
    """CHECKPOINT the working warehouse (its WAL folded into the file, which is then whole on its own);
    return the pseudonym key fingerprints it records."""
    with duckdb.connect(str(warehouse)) as con:
        con.execute("checkpoint")
        has_keys = con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = 'audit' and table_name = 'pseudonym_key'"
        ).fetchone()[0]
        rows = con.execute("select fingerprint from audit.pseudonym_key").fetchall() if has_keys else []
    if warehouse.with_name(warehouse.name + ".wal").exists():
        raise BackupError(f"{warehouse}.wal is still there after a CHECKPOINT (is another process using it?)")
    return sorted({r[0] for r in rows})


def _archive_entries(archive: Path, building: Path) -> list[dict[str, Any]]:
    """Copy the archive, checking each file against the SHA-256 it is named by (`<source>/<sha><suffix>`)."""
    entries = []
    for path in sorted(p for p in archive.rglob("*") if p.is_file()):
        if path.name.startswith(".incoming-"):  # an archive write a kill interrupted: never part of the archive
            continue
        relative = path.relative_to(archive.parent)
        size, sha = copy_hashed(path, building / relative)
        if not path.name.lower().startswith(sha):
            raise BackupError(
                f"archive file {path} does not match the SHA-256 it is named by (its content hashes to {sha[:16]}...): "
                "the archive is damaged; no backup was made"
            )
        entries.append({"path": relative.as_posix(), "size": size, "sha256": sha})
    return entries


def _sqlite_instance(home: Path) -> bool:
    """Whether the Dagster instance in `home` keeps its storage in SQLite files there (no postgres/mysql)."""
    config = home / "dagster.yaml"
    text = config.read_text(encoding="utf-8") if config.is_file() else ""
    loaded = yaml.safe_load(text) or {}
    storages = [loaded.get(k) for k in ("storage", "run_storage", "event_log_storage", "schedule_storage")]
    return not any(s and any(word in str(s) for word in ("postgres", "mysql")) for s in storages)


def _dagster_entries(home: Path, building: Path, root: Path) -> list[dict[str, Any]]:
    entries = []
    for path in sorted(p for p in home.rglob("*") if p.is_file()):
        if path.name.endswith(SQLITE_SIDE_FILES):
            continue
        relative = path.relative_to(root)
        target = building / relative
        with path.open("rb") as handle:
            is_sqlite = handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
        if is_sqlite:
            # The daemon or webserver may write it now (sensor ticks): the backup API copies a consistent state.
            target.parent.mkdir(parents=True, exist_ok=True)
            with (
                closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as src,
                closing(sqlite3.connect(target)) as dst,
            ):
                src.backup(dst)
            size, sha = hash_file(target)
        else:
            size, sha = copy_hashed(path, target)
        entries.append({"path": relative.as_posix(), "size": size, "sha256": sha})
    return entries


def create_backup(settings: Settings, dest: Path, now: dt.datetime | None = None) -> Path:
    """Write a backup of `settings`' warehouse into a new folder under `dest`; return the folder."""
    from equity_pipeline.publish.publisher import code_version

    warehouse = settings.warehouse_path
    if not warehouse.is_file():
        raise BackupError(f"there is no warehouse to back up: {warehouse} does not exist (EQUITY_WAREHOUSE_DIR)")
    dest = dest.resolve()
    if not dest.is_dir():
        # not created: a mistyped path or an unmounted backup disk would fill the system disk instead
        raise BackupError(f"{dest} does not exist or is not a folder: create it (or mount the backup disk) first")
    if dest == settings.warehouse_dir or settings.warehouse_dir in dest.parents:
        raise BackupError(f"{dest} is inside the warehouse {settings.warehouse_dir}: back up to another disk")
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%SZ")
    final = dest / f"{FOLDER_PREFIX}{stamp}"
    if final.exists():
        raise BackupError(f"{final} already exists: wait a second and run again")
    building = dest / f".building-{final.name}-{os.getpid()}"
    home = settings.warehouse_dir / DAGSTER_FOLDER
    try:
        building.mkdir()
        # No refresh writes the warehouse or the archive while they are copied (a running one: refused at once).
        with refresh_lock(settings.warehouse_dir):
            fingerprints = _checkpoint(warehouse)
            size, sha = copy_hashed(warehouse, building / warehouse.name)
            files = [{"path": warehouse.name, "size": size, "sha256": sha}]
            if settings.archive_dir.is_dir():
                files += _archive_entries(settings.archive_dir, building)
            dagster = home.is_dir() and _sqlite_instance(home)
            if dagster:
                files += _dagster_entries(home, building, settings.warehouse_dir)
            publication = current_id(settings.warehouse_dir)
        write_manifest(
            building,
            {
                "format": FORMAT,
                "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "warehouse_dir": str(settings.warehouse_dir),
                "code_version": code_version(),
                "package_version": __version__,
                "duckdb_version": duckdb.__version__,
                "pseudonym_key_fingerprints": fingerprints,
                "publication_at_backup": publication,
                "publication_included": False,
                "dagster_instance_included": dagster,
                "files": files,
            },
        )
        fsync_dirs(building)
        os.rename(building, final)  # the backup's name appears only now, whole
        fsync_dir(dest)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return final
