"""One writer at a time, enforced by the operating system: a lock on the working warehouse.

DuckDB allows one writing process, and Dagster's run queue only orders runs it launches
itself: `make run` (execute_in_process) bypasses it. So every writer — the CLI for its whole
run, and each asset that writes the warehouse or the publication — takes an exclusive
`flock` on `<warehouse_dir>/.refresh.lock`, without waiting. A second process is refused at
once with `RefreshLocked`, naming the holder (pid and start time, written into the lock file).

The lock is reentrant within a process: the CLI holds it while the assets it runs in-process
take it again. The kernel drops a flock when its process dies (even by kill -9), so a crashed
refresh never leaves a stale lock; the file's text is only a note for the message.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = ".refresh.lock"

_guard = threading.Lock()
_held: dict[Path, tuple[int, int]] = {}  # lock path -> (file descriptor, depth of nested holds)


class RefreshLocked(RuntimeError):
    """Another process is refreshing this warehouse."""

    def __init__(self, holder: str) -> None:
        self.holder = holder
        super().__init__(f"another refresh is running ({holder})")


def held_by_another_process(exc: BaseException) -> bool:
    """Whether a DuckDB error is the file lock of another process's connection: a refresh step that opened the
    warehouse without the writer lock (a gate reading it), or any reader. Busy, as RefreshLocked means."""
    return "could not set lock on file" in str(exc).lower()


def lock_path(warehouse_dir: Path) -> Path:
    return warehouse_dir.resolve() / LOCK_NAME


def _acquire(path: Path) -> None:
    with _guard:
        if path in _held:
            fd, depth = _held[path]
            _held[path] = (fd, depth + 1)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_RDWR without O_TRUNC: the holder's note must survive until we own the lock.
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "pid unknown"
            os.close(fd)
            raise RefreshLocked(holder) from None
        except BaseException:
            os.close(fd)
            raise
        try:
            started = dt.datetime.now(dt.UTC)
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"pid {os.getpid()}, started {started:%Y-%m-%d %H:%M:%S} UTC\n".encode(), 0)
        except BaseException:
            os.close(fd)  # closing releases the flock
            raise
        _held[path] = (fd, 1)


def _release(path: Path) -> None:
    with _guard:
        fd, depth = _held[path]
        if depth > 1:
            _held[path] = (fd, depth - 1)
            return
        del _held[path]
        # The note is left in place: it is read only by a process that failed to get the lock.
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


@contextmanager
def refresh_lock(warehouse_dir: Path) -> Iterator[None]:
    """Hold the warehouse's writer lock for the block; raise RefreshLocked if another process has it."""
    path = lock_path(warehouse_dir)
    _acquire(path)
    try:
        yield
    finally:
        _release(path)
