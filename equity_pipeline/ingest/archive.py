"""The file archive: every file version ever processed, by SHA-256, written atomically and verified.

The archive holds exactly the bytes that were hashed and loaded (not a second read of a
file that may have changed since), so an export can always be re-read as it was loaded.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from equity_pipeline.config import Settings
from equity_pipeline.durable import fsync_dir


class ArchiveMismatch(RuntimeError):
    """What the archive holds is not what was written: its storage cannot be trusted."""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def archive_bytes(settings: Settings, source: str, suffix: str, data: bytes, sha: str) -> Path:
    """Write `data` (whose SHA-256 is `sha`) to `archive/<source>/<sha><suffix>`; return the path."""
    folder = settings.archive_dir / source
    target = folder / f"{sha}{suffix.lower()}"
    if target.is_file() and _sha256(target.read_bytes()) == sha:
        return target
    folder.mkdir(parents=True, exist_ok=True)
    # A temp file in the same folder, renamed over the target: a crash leaves the old state
    # or the complete new file, never a half-written archive copy under its final name.
    fd, temp = tempfile.mkstemp(dir=folder, prefix=".incoming-", suffix=suffix.lower())
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        if exc.filename is None:  # a write or fsync error names no file: say which one (a full disk, say)
            raise OSError(exc.errno, exc.strerror, str(target)) from exc
        raise
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    fsync_dir(folder)  # the rename itself must be durable
    read_back = _sha256(target.read_bytes())
    if read_back != sha:
        raise ArchiveMismatch(
            f"archive copy {target} does not match the SHA-256 it was saved under "
            f"(read back {read_back}): check the storage of {settings.archive_dir}"
        )
    return target
