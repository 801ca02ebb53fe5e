"""The backup's manifest: what it holds, file by file, and the checks a restore makes against it."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path, PurePosixPath
from typing import Any

from equity_pipeline.durable import fsync_dir

MANIFEST_NAME = "backup-manifest.json"
FORMAT = "equity-pipeline-backup/1"
FOLDER_PREFIX = "equity-backup-"
CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore refused or failed for a reason the operator can act on: said in one line."""


def copy_hashed(source: Path, target: Path) -> tuple[int, str]:
    """Copy `source` to the new file `target` (fsynced); return the size and SHA-256 of the bytes written."""
    digest = hashlib.sha256()
    size = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with source.open("rb") as src, target.open("xb") as dst:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            dst.write(chunk)
            size += len(chunk)
        dst.flush()
        os.fsync(dst.fileno())
    return size, digest.hexdigest()


def hash_file(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def fsync_dirs(folder: Path) -> None:
    """fsync every folder under `folder`, deepest first, then `folder`: the files' names are durable too."""
    for path in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
        fsync_dir(path)
    fsync_dir(folder)


def write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    path = folder / MANIFEST_NAME
    with path.open("x", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=2, sort_keys=True)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())


def safe_relative(text: str) -> PurePosixPath:
    """A manifest path as a relative path inside the backup: an absolute or `..` path is refused."""
    path = PurePosixPath(text)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"the backup's manifest names a path outside the backup: {text!r}; not restored")
    return path


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of the backup in `folder`; BackupError when it is not one."""
    path = folder / MANIFEST_NAME
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{folder} is not a backup: it has no {MANIFEST_NAME}") from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise BackupError(f"{path} is not a backup manifest (not valid JSON): the backup is damaged") from None
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != FORMAT
        or not isinstance(manifest.get("files"), list)
    ):
        raise BackupError(f"{path} is not a manifest this version reads (expected format {FORMAT})")
    for entry in manifest["files"]:
        if not isinstance(entry, dict) or not {"path", "size", "sha256"} <= entry.keys():
            raise BackupError(f"{path} has an entry without path, size and sha256: the backup is damaged")
        safe_relative(entry["path"])
    return manifest


def check_present(folder: Path, manifest: dict[str, Any]) -> None:
    """Every listed file exists with its listed size (cheap: before anything is copied)."""
    for entry in manifest["files"]:
        path = folder / safe_relative(entry["path"])
        if not path.is_file():
            raise BackupError(f"the backup is incomplete: {path} is missing; nothing was restored")
        if path.stat().st_size != entry["size"]:
            raise BackupError(
                f"{path} was altered or damaged since the backup was made (size {path.stat().st_size}, "
                f"the manifest says {entry['size']}); nothing was restored"
            )


def altered(path: Path, entry: dict[str, Any], sha: str) -> BackupError:
    return BackupError(
        f"{path} was altered or damaged since the backup was made (its SHA-256 is {sha[:16]}..., "
        f"the manifest says {entry['sha256'][:16]}...); nothing was restored"
    )


def find_backup(path: Path) -> Path:
    """The backup folder `path` names; a folder of backups or anything else is refused, saying why."""
    if not path.exists():
        raise BackupError(f"{path} does not exist")
    if not path.is_dir():
        raise BackupError(f"{path} is not a backup folder")
    if (path / MANIFEST_NAME).is_file():
        return path
    held = sorted(p for p in path.glob(f"{FOLDER_PREFIX}*") if (p / MANIFEST_NAME).is_file())
    if held:
        raise BackupError(f"{path} holds backups but is not one: name one of them, e.g. {held[-1]} (the latest)")
    raise BackupError(f"{path} is not a backup: it has no {MANIFEST_NAME}")
