"""The landing folder, entry by entry: what the loader reads, and a warning for everything else.

Every non-hidden entry is accounted for. In a source folder, each regular file is read
(and gets a manifest row, a badly named one being rejected), unless it was modified
within the settle time (it may still be being copied: skipped this run, picked up by the
next). Everything else becomes a warning of the run: a subfolder of a source folder, a
file at the top of the landing folder, a folder that is no known source, a broken
symbolic link, a FIFO or device. Hidden entries (a leading dot: `.DS_Store`, `.git`) are
ignored. Names that are not valid UTF-8 are shown with `\\xNN` escapes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from equity_pipeline.config import Settings


@dataclass(frozen=True)
class LandingWarning:
    source: str | None  # None: the top of the landing folder
    path: str  # relative to the landing folder, as displayed
    kind: str  # "warning" or "skipped"
    message: str

    @property
    def text(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass
class SourceScan:
    files: list[Path] = field(default_factory=list)
    landing: list[LandingWarning] = field(default_factory=list)


def display_name(name: str) -> str:
    """A name that is text whatever its bytes: undecodable bytes become `\\xNN` (the manifest needs text)."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _timestamp(now: dt.datetime | None) -> float:
    return (now or dt.datetime.now(dt.UTC)).timestamp()


def _entries(folder: Path) -> list[os.DirEntry]:
    with os.scandir(folder) as it:
        return sorted((e for e in it if not e.name.startswith(".")), key=lambda e: os.fsencode(e.name))


def scan_source(settings: Settings, source: str, now: dt.datetime | None = None) -> SourceScan:
    """The files of `source`'s folder to read this run, and warnings for the rest of it."""
    folder = settings.raw_dir / source
    scan = SourceScan()
    if not folder.is_dir():
        return scan  # a source not delivered yet: nothing to say
    now_ts = _timestamp(now)

    def warn(entry: os.DirEntry, message: str, kind: str = "warning") -> None:
        scan.landing.append(LandingWarning(source, f"{source}/{display_name(entry.name)}", kind, message))

    try:
        entries = _entries(folder)
    except OSError as exc:
        scan.landing.append(LandingWarning(source, source, "warning", f"cannot list the folder ({exc.strerror})"))
        return scan
    for entry in entries:
        try:
            if entry.is_symlink() and not os.path.exists(entry.path):
                warn(entry, "cannot be read: broken symbolic link (retried on the next run)")
            elif entry.is_dir():
                warn(entry, f"subfolder is not read: exports must sit directly in {source}/")
            elif not entry.is_file():
                warn(entry, "not a regular file (a FIFO, socket or device): not read")
            else:
                age = now_ts - entry.stat().st_mtime
                if age < settings.settle_seconds:
                    warn(entry, f"skipped: modified {age:.0f} s ago, still being written?", kind="skipped")
                else:
                    scan.files.append(Path(entry.path))
        except OSError as exc:
            warn(entry, f"cannot be read ({exc.strerror}): retried on the next run")
    return scan


def scan_root(settings: Settings, sources: Iterable[str]) -> list[LandingWarning]:
    """Warnings for what sits at the top of the landing folder besides the source folders."""
    known = sorted(sources)
    listed = ", ".join(known)
    if not settings.raw_dir.is_dir():
        return [LandingWarning(None, ".", "warning", f"the landing folder {settings.raw_dir} does not exist")]
    warnings = []
    for entry in _entries(settings.raw_dir):
        name = display_name(entry.name)
        if entry.is_dir():
            if entry.name not in known:
                message = f"folder is not a known source, its files are not read (known: {listed})"
                warnings.append(LandingWarning(None, name, "warning", message))
        else:
            message = (
                "file at the top of the landing folder belongs to no source: "
                f"move it into its source's folder ({listed})"
            )
            warnings.append(LandingWarning(None, name, "warning", message))
    return warnings


def seconds_until_settled(
    settings: Settings, sources: Iterable[str] | None = None, now: dt.datetime | None = None
) -> float:
    """How long until every file of the source folders is older than the settle time (0: now).

    The CLI waits this long before a run, so a fresh checkout's sample (or a copy just made)
    loads in that run rather than being skipped.
    """
    if sources is None:
        from equity_pipeline.contracts import all_contracts

        sources = all_contracts()
    now_ts = _timestamp(now)
    wait = 0.0
    for source in sources:
        folder = settings.raw_dir / source
        if not folder.is_dir():
            continue
        for entry in _entries(folder):
            try:
                if entry.is_file():
                    wait = max(wait, settings.settle_seconds - (now_ts - entry.stat().st_mtime))
            except OSError:
                continue  # reported as a warning by the run itself
    return min(max(wait, 0.0), float(settings.settle_seconds))


def landing_fingerprint(settings: Settings, sources: Iterable[str], now: dt.datetime | None = None) -> str:
    """A digest of what a run would see: settled files (path, size, mtime) and warnings.

    Files still settling are left out, so the digest changes once more when they have
    settled, and the sensor starts the run that loads them.
    """
    sources = sorted(sources)
    digest = hashlib.sha256()
    for source in sources:
        scan = scan_source(settings, source, now)
        for path in scan.files:
            try:
                stat = path.stat()
            except OSError:
                continue
            digest.update(f"{source}/{display_name(path.name)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
        for w in scan.landing:
            if w.kind == "warning":
                digest.update(f"{w.path}|{w.message}\n".encode())
    for w in scan_root(settings, sources):
        digest.update(f"{w.path}|{w.message}\n".encode())
    return digest.hexdigest()
