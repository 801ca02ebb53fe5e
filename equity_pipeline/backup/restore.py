"""`make restore FROM=...`: a verified backup into an empty warehouse folder; `make run` then re-publishes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from equity_pipeline.backup.manifest import (
    BackupError,
    altered,
    check_present,
    copy_hashed,
    find_backup,
    fsync_dirs,
    hash_file,
    read_manifest,
    safe_relative,
)
from equity_pipeline.config import Settings
from equity_pipeline.durable import fsync_dir
from equity_pipeline.ingest.pseudonym import key_fingerprint
from equity_pipeline.lock import refresh_lock
from equity_pipeline.publish.layout import versions_dir

WAREHOUSE_NAME = "equity.duckdb"


def verify_backup(source: Path) -> tuple[Path, dict[str, Any]]:
    """Check every file of the backup at `source` against its manifest; return the folder and manifest."""
    folder = find_backup(source)
    manifest = read_manifest(folder)
    check_present(folder, manifest)
    for entry in manifest["files"]:
        path = folder / safe_relative(entry["path"])
        _, sha = hash_file(path)
        if sha != entry["sha256"]:
            raise altered(path, entry, sha)
    return folder, manifest


def _check_key(settings: Settings, manifest: dict[str, Any]) -> None:
    recorded = manifest.get("pseudonym_key_fingerprints") or []
    if recorded and key_fingerprint(settings.pseudonym_key) not in recorded:
        unset = " (it is not set)" if settings.pseudonym_key_is_default else ""
        raise BackupError(
            f"EQUITY_PSEUDONYM_KEY{unset} is not the key this backup's warehouse was built with: set the original "
            "key (from the secret store) and restore again; nothing was restored"
        )


def _in_the_way(settings: Settings, manifest: dict[str, Any]) -> list[Path]:
    """What the target already has that a restore would replace or mix with: never overwritten."""
    tops = {safe_relative(e["path"]).parts[0] for e in manifest["files"]}
    names = tops | {WAREHOUSE_NAME, WAREHOUSE_NAME + ".wal"}
    found = [settings.warehouse_dir / n for n in sorted(names) if (settings.warehouse_dir / n).exists()]
    publications = versions_dir(settings.warehouse_dir)
    return found + ([publications] if publications.exists() else [])


def restore_backup(settings: Settings, source: Path) -> tuple[Path, dict[str, Any]]:
    """Restore the backup at `source` into settings.warehouse_dir (which must hold no warehouse)."""
    folder = find_backup(source)
    manifest = read_manifest(folder)
    check_present(folder, manifest)
    _check_key(settings, manifest)
    target = settings.warehouse_dir

    def refuse_if_occupied() -> None:
        if found := _in_the_way(settings, manifest):
            raise BackupError(
                f"{target} already has a warehouse ({', '.join(p.name for p in found)}): a restore never overwrites "
                f"one. Move it aside (mv {target} {target}.old) or set EQUITY_WAREHOUSE_DIR to an empty folder"
            )

    refuse_if_occupied()
    target.mkdir(parents=True, exist_ok=True)
    # `.building-` leftovers of a killed restore are removed by the next run (publish/layout.clean_leftovers).
    staging = target / f".building-restore-{os.getpid()}"
    with refresh_lock(target):
        refuse_if_occupied()  # again, now that no other writer can start
        try:
            staging.mkdir()
            for entry in manifest["files"]:
                relative = safe_relative(entry["path"])
                _, sha = copy_hashed(folder / relative, staging / relative)
                if sha != entry["sha256"]:
                    raise altered(folder / relative, entry, sha)
            fsync_dirs(staging)
            # The warehouse file last: until it is in place the folder does not look like a warehouse.
            for entry in sorted(staging.iterdir(), key=lambda p: p.name == WAREHOUSE_NAME):
                os.rename(entry, target / entry.name)
            staging.rmdir()
            fsync_dir(target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return folder, manifest
