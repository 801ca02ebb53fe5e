"""Backup and restore of what the pipeline keeps and cannot rebuild (`make backup`, `make restore`).

A backup is one folder `equity-backup-<UTC time>` holding:
- `equity.duckdb`, the working warehouse (landed rows, ingest manifest, quarantine, audit tables
  and publication_log), copied under the writer lock after a CHECKPOINT, so no refresh writes it
  meanwhile and no WAL is left beside it;
- `archive/`, every accepted file version by SHA-256 (the only copy of exports departments have
  since overwritten); each file is checked against the SHA-256 it is named by as it is copied;
- `.dagster/`, the warehouse's own Dagster instance (run history) when it is SQLite; its databases
  are copied with SQLite's backup API (a daemon or webserver may be writing them). A PostgreSQL
  instance (deploy/dagster.yaml) is backed up with pg_dump: deploy/README.md;
- `backup-manifest.json`: every file's path, size and SHA-256, the code version, the pseudonym
  key's fingerprint (never the key).

Not in it: the publications. They are derived from the above; after a restore `make run` finds
no current publication, so it rebuilds and re-publishes the same figures (tests/ops/test_backup_restore.py).
The folder is built under a `.building-` name and renamed into place only when every file is written
and fsynced: a crash leaves no half backup under a backup's name.
"""

from equity_pipeline.backup.create import create_backup
from equity_pipeline.backup.manifest import BackupError
from equity_pipeline.backup.restore import restore_backup, verify_backup

__all__ = ["BackupError", "create_backup", "restore_backup", "verify_backup"]
