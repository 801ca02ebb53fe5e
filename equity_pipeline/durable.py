"""Durable renames: the one helper that makes a rename survive a power cut."""

from __future__ import annotations

import os
from pathlib import Path


def fsync_dir(path: Path) -> None:
    """fsync a folder: on POSIX a directory entry is data of its folder, so without this a power
    cut may undo a rename (an archive copy, a publication swap) after we acted on it."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
