"""Has the landing folder anything the ingest manifest does not already know? (the sensor's first look)

The `new_exports` sensor starts a refresh when the landing folder's fingerprint changes; on its very first
tick (a new `make ui`, a new deployment) it has no cursor to compare with. Rather than refreshing then,
it asks the ingest manifest: when every settled file of every source folder has a manifest row with its
name and SHA-256 (whatever became of it: loaded, duplicate, rejected, withdrawn), a run would find nothing
new, so none is started and the fingerprint becomes the cursor.
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

from equity_pipeline.config import Settings
from equity_pipeline.ingest.files import sha256_of_file
from equity_pipeline.ingest.landing import display_name, scan_source
from equity_pipeline.lock import RefreshLocked, held_by_another_process, refresh_lock


def already_ingested(settings: Settings, sources: Iterable[str]) -> bool | None:
    """True: the manifest knows every settled file, as it is now. False: a run has something to do.
    None: a refresh holds the warehouse (ask again later)."""
    present = set()
    for source in sorted(sources):
        for path in scan_source(settings, source).files:
            try:
                present.add((source, display_name(path.name), sha256_of_file(path)))
            except OSError:
                return False  # unreadable now: a run reports it in its summary
    if not settings.warehouse_path.exists():
        return not present
    try:
        # The hashing is done: the warehouse is held only for one query, as every reader of it must.
        with refresh_lock(settings.warehouse_dir), duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
            known = set(con.execute("select source, file_name, file_sha256 from audit.ingest_manifest").fetchall())
    except RefreshLocked:
        return None
    except duckdb.IOException as exc:  # another process writes it without the writer lock's knowledge
        if held_by_another_process(exc):
            return None
        raise
    except duckdb.CatalogException:
        return not present  # a warehouse that never landed a file
    return present <= known
