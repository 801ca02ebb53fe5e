"""A full disk, a read-only or an unwritable warehouse, said in one line that names the cause and the path.

These are operators' problems, not bugs: they get a sentence, not a traceback, and are not
retried (waiting 10 seconds does not free a disk). Python reports them as OSError with an
errno; DuckDB as text ('Could not write file "<path>": No space left on device'); Dagster
hands a step's error over as text too. All three are recognised here.
"""

from __future__ import annotations

import errno
import re
from pathlib import Path

CAUSES = {
    errno.ENOSPC: "no space left on device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
}
_BY_TEXT = {
    "No space left on device": errno.ENOSPC,
    "Disk quota exceeded": errno.EDQUOT,
    "Read-only file system": errno.EROFS,
    "Permission denied": errno.EACCES,
    "Operation not permitted": errno.EPERM,
}
_CAUSE_TEXT = "|".join(re.escape(t) for t in _BY_TEXT)
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


def storage_problem_in_text(text: str, warehouse_dir: Path) -> str | None:
    match = _DUCKDB.search(text)
    if match:
        return describe(_BY_TEXT[match.group("cause")], match.group("path"), warehouse_dir)
    match = _PYTHON.search(text)
    if match:
        return describe(_BY_TEXT[match.group("cause")], match.group("to") or match.group("from"), warehouse_dir)
    return None


def storage_problem(exc: BaseException, warehouse_dir: Path) -> str | None:
    """The one line for a storage error anywhere in `exc`'s chain of causes, else None."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in CAUSES:
            # shutil's copies put the source in filename and the file being written in filename2
            written = current.filename2 or current.filename
            return describe(current.errno, written if isinstance(written, str) else None, warehouse_dir)
        found = storage_problem_in_text(str(current), warehouse_dir)
        if found:
            return found
        current = current.__cause__ or current.__context__
    return None
