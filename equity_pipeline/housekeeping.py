"""`make clean` and `make reset-warehouse`: what may be deleted, and what may not without saying so.

`clean` removes only what is rebuilt without loss: dbt's target/ and logs/ (the manifest is
rebuilt by every run) and what a killed publish left (`.building-*`, `.retired-*`). It never
touches the working warehouse (its ingest manifest and quarantine), the archive of exports,
the publications or their history: those cannot be rebuilt from the landing folder, which
departments overwrite. Deleting them is `reset-warehouse`, confirmed explicitly.
Both run under the writer lock, so neither pulls files from under a running refresh.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from equity_pipeline.config import Settings
from equity_pipeline.publish.layout import clean_leftovers


def clean(settings: Settings, dbt_dir: Path) -> list[Path]:
    """Remove dbt's build output and a killed publish's leftovers; return what was removed."""
    removed = []
    for path in (dbt_dir / "target", dbt_dir / "logs"):
        if path.exists():
            shutil.rmtree(path)
            removed.append(path)
    if settings.warehouse_dir.is_dir():
        removed += clean_leftovers(settings.warehouse_dir)
    return removed


def what_reset_loses(settings: Settings) -> str:
    return (
        f"reset-warehouse deletes {settings.warehouse_dir} entirely: the working warehouse with its ingest manifest "
        "and quarantine, the archive of every export ever received (the only copy of superseded files), every "
        "publication and the publication history, and the Dagster run history kept with it (.dagster/, unless "
        "DAGSTER_HOME is set). The next run re-lands what is in the landing folder now."
    )


def reset_warehouse(settings: Settings) -> None:
    """Delete the whole warehouse folder (the caller has the user's confirmation and holds the lock)."""
    shutil.rmtree(settings.warehouse_dir)
