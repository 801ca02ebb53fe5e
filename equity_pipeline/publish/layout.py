"""Where a publication lives on disk, and how one pointer makes the DuckDB file and the Parquet one publication.

    warehouse/publications/<publish_id>/published.duckdb      one complete publication per folder
    warehouse/publications/<publish_id>/parquet/<table>.parquet
    warehouse/publications/current -> <publish_id>            THE pointer: the only name ever swapped
    warehouse/published.duckdb     -> publications/current/published.duckdb   (fixed link)
    warehouse/published            -> publications/current/parquet            (fixed link)

Invariant: every name a reader uses resolves through `publications/current`, and a folder gets
its `<publish_id>` name only once everything in it is written, checkpointed and fsynced. The
pointer is replaced by one rename, so at every instant — a kill -9 included — a reader of
either artefact sees the old or the new publication, whole, and both artefacts the same one.

A reader reading several Parquet files across a swap may get them from two publications; to
read one publication, resolve `publications/current` once (`os.path.realpath`), or compare
the `publish_id` column every table carries.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

from equity_pipeline.durable import fsync_dir
from equity_pipeline.sql import lit, q

DUCKDB_NAME = "published.duckdb"
PARQUET_NAME = "parquet"


def versions_dir(warehouse_dir: Path) -> Path:
    return warehouse_dir / "publications"


def pointer(warehouse_dir: Path) -> Path:
    return versions_dir(warehouse_dir) / "current"


def reader_links(warehouse_dir: Path) -> dict[Path, str]:
    """The two names readers open, and the fixed relative targets they point to (through the pointer)."""
    return {
        warehouse_dir / DUCKDB_NAME: f"publications/current/{DUCKDB_NAME}",
        warehouse_dir / "published": f"publications/current/{PARQUET_NAME}",
    }


def fsync_tree(folder: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
    for path in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
        fsync_dir(path)
    fsync_dir(folder)


def current_id(warehouse_dir: Path) -> str | None:
    link = pointer(warehouse_dir)
    return os.readlink(link) if link.is_symlink() else None


def replace_symlink(link: Path, target: str) -> None:
    """Point `link` at `target` in one atomic rename (a new link beside it, renamed over it)."""
    tmp = link.with_name(f".building-link-{link.name}-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    os.replace(tmp, link)
    fsync_dir(link.parent)


def ensure_reader_links(warehouse_dir: Path) -> None:
    """Create the fixed links where missing (first publish, or a legacy layout being replaced)."""
    for link, target in reader_links(warehouse_dir).items():
        if link.is_symlink() and os.readlink(link) == target:
            continue
        if link.is_dir() and not link.is_symlink():
            # The pre-versioning Parquet folder: a directory cannot be renamed over; move it aside first.
            # (Only on the first publish after upgrading: a reader may find the folder missing for an instant.)
            retired = link.with_name(f".retired-{link.name}-{os.getpid()}")
            os.replace(link, retired)
            replace_symlink(link, target)
            shutil.rmtree(retired)
        else:
            replace_symlink(link, target)


def clean_leftovers(warehouse_dir: Path) -> list[Path]:
    """Remove what a killed publish left: `.building-*` and `.retired-*` files and folders. Return them."""
    removed = []
    for folder in (warehouse_dir, versions_dir(warehouse_dir)):
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.name.startswith((".building-", ".retired-")):
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                else:
                    path.unlink()
                removed.append(path)
    return removed


def previous_id(warehouse_dir: Path) -> str | None:
    """The publication shown before the current one: second to last in the current one's own log."""
    live = warehouse_dir / DUCKDB_NAME
    if not live.exists():
        return None
    with duckdb.connect(str(live), read_only=True) as con:
        rows = con.execute("select publish_id from publication_log order by published_at desc limit 1 offset 1")
        found = rows.fetchall()
    return found[0][0] if found else None


def prune_versions(warehouse_dir: Path) -> list[str]:
    """Keep the current publication and the one before it (a reader may have resolved it a moment ago).

    Any other folder goes: older ones, and one built by a publish killed before its swap (never shown).
    """
    current = current_id(warehouse_dir)
    folder = versions_dir(warehouse_dir)
    if current is None or not folder.is_dir():
        return []
    keep = {current, previous_id(warehouse_dir)}
    removed = sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.is_symlink() and p.name not in keep)
    for name in removed:
        shutil.rmtree(folder / name)
    return removed


def adopt_legacy(warehouse_dir: Path) -> None:
    """Turn the pre-versioning layout (a real published.duckdb and Parquet folder) into a version folder.

    Idempotent, so a kill at any point of it is finished by the next run; the legacy file stays
    readable throughout, because a regular file is atomically renamed over by its link.
    """
    legacy = warehouse_dir / DUCKDB_NAME
    if legacy.is_symlink() or not legacy.is_file():
        return
    with duckdb.connect(str(legacy), read_only=True) as con:
        (publish_id,) = con.execute(
            "select publish_id from publication_log order by published_at desc limit 1"
        ).fetchall()[0]
        tables = [
            r[0] for r in con.execute("select table_name from duckdb_tables() where schema_name = 'main'").fetchall()
        ]
    folder = versions_dir(warehouse_dir)
    version = folder / publish_id
    if not version.is_dir():
        building = folder / f".building-{publish_id}"
        (building / PARQUET_NAME).mkdir(parents=True)
        shutil.copy2(legacy, building / DUCKDB_NAME)
        with duckdb.connect(str(building / DUCKDB_NAME), read_only=True) as con:
            for table in tables:
                con.execute(
                    f"copy {q(table)} to {lit(str(building / PARQUET_NAME / f'{table}.parquet'))} (format parquet)"
                )
        fsync_tree(building)
        os.replace(building, version)
        fsync_dir(folder)
    if current_id(warehouse_dir) is None:
        replace_symlink(pointer(warehouse_dir), publish_id)
    ensure_reader_links(warehouse_dir)
