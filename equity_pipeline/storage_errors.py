"""A full disk, a read-only or an unwritable warehouse, said in one line that names the cause and the path.

These are operators' problems, not bugs: they get a sentence, not a traceback, and are not
retried (waiting 10 seconds does not free a disk). Python reports them as OSError with an
errno; DuckDB as text ('Could not write file "<path>": No space left on device'); Dagster
hands a step's error over as text too; the Dagster instance's SQLite storage (which lives in the
warehouse folder, equity_pipeline/instance) says 'database or disk is full' without a path, so the
caller names the instance folder. All are recognised here.
"""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

CAUSES = {
    errno.ENOSPC: "no space left on device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.EIO: "input/output error",
}
_BY_TEXT = {
    "No space left on device": errno.ENOSPC,
    "Disk quota exceeded": errno.EDQUOT,
    "Read-only file system": errno.EROFS,
    "Permission denied": errno.EACCES,
    "Operation not permitted": errno.EPERM,
}
_CAUSE_TEXT = "|".join(re.escape(t) for t in _BY_TEXT)
# SQLite's own words (SQLITE_FULL, SQLITE_IOERR, SQLITE_READONLY, SQLITE_CANTOPEN), as sqlalchemy passes
# them on; a full disk often shows as "disk I/O error" (the journal cannot grow): the file system says which.
_SQLITE = {
    "database or disk is full": errno.ENOSPC,
    "disk I/O error": errno.EIO,
    "attempt to write a readonly database": errno.EROFS,
    "unable to open database file": errno.EACCES,
}
FULL_BELOW_BYTES = 1 << 20


def _file_system_cause(path: Path, code: int) -> int:
    """What the file system holding `path` says of a SQLite error: full, read-only, or as SQLite said."""
    try:
        stat = os.statvfs(next(p for p in (path, *path.parents) if p.exists()))
    except (OSError, StopIteration):
        return code
    if stat.f_flag & os.ST_RDONLY:
        return errno.EROFS
    if stat.f_bavail * stat.f_frsize < FULL_BELOW_BYTES:
        return errno.ENOSPC
    return code


# Python: "[Errno 28] No space left on device: '/path'", or for a copy "...: '/from' -> '/to'" (the
# file being written is the second); DuckDB: 'Could not write file "/path": No space left on device'
_PYTHON = re.compile(rf"\[Errno \d+\] (?P<cause>{_CAUSE_TEXT})(?:: '(?P<from>[^']+)'(?: -> '(?P<to>[^']+)')?)?")
_DUCKDB = re.compile(rf"\"(?P<path>[^\"]+)\": (?P<cause>{_CAUSE_TEXT})")


def describe(code: int, path: str | None, warehouse_dir: Path) -> str:
    """'cannot write the warehouse: no space left on device (/path)', or naming the path outside it."""
    cause = CAUSES[code]
    if path is None:
        return f"cannot write the warehouse: {cause}"
    inside = Path(path).resolve().is_relative_to(warehouse_dir.resolve())
    return f"cannot write the warehouse: {cause} ({path})" if inside else f"cannot write {path}: {cause}"


def storage_problem_in_text(text: str, warehouse_dir: Path, sqlite_path: Path | None = None) -> str | None:
    """The one line for a storage error said in `text`; a SQLite one is placed at `sqlite_path`, if given."""
    if sqlite_path is not None:
        for words, code in _SQLITE.items():
            if words in text:
                return describe(_file_system_cause(sqlite_path, code), str(sqlite_path), warehouse_dir)
    match = _DUCKDB.search(text)
    if match:
        return describe(_BY_TEXT[match.group("cause")], match.group("path"), warehouse_dir)
    match = _PYTHON.search(text)
    if match:
        return describe(_BY_TEXT[match.group("cause")], match.group("to") or match.group("from"), warehouse_dir)
    return None


def storage_problem(exc: BaseException, warehouse_dir: Path, sqlite_path: Path | None = None) -> str | None:
    """The one line for a storage error anywhere in `exc`'s chain of causes, else None (`sqlite_path`:
    where a SQLite error, which names no file, happened: the Dagster instance's folder)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in CAUSES:
            # shutil's copies put the source in filename and the file being written in filename2
            written = current.filename2 or current.filename
            return describe(current.errno, written if isinstance(written, str) else None, warehouse_dir)
        found = storage_problem_in_text(str(current), warehouse_dir, sqlite_path)
        if found:
            return found
        current = current.__cause__ or current.__context__
    return None
