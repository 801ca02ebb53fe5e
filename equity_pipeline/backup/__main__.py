"""`python -m equity_pipeline.backup create --to DIR | restore --from DIR | verify --from DIR`.

Exit status: 0 done; 1 refused or failed (said in one line: a running refresh, a damaged backup, an
occupied target, a full disk); 2 bad usage or a bad setting.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from equity_pipeline.backup.create import create_backup
from equity_pipeline.backup.manifest import BackupError
from equity_pipeline.backup.restore import restore_backup, verify_backup
from equity_pipeline.config import get_settings
from equity_pipeline.lock import RefreshLocked
from equity_pipeline.storage_errors import storage_problem


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m equity_pipeline.backup", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create", help="back up EQUITY_WAREHOUSE_DIR into a new folder under DIR")
    create.add_argument("--to", required=True, metavar="DIR")
    restore = commands.add_parser("restore", help="restore the backup folder DIR into an empty EQUITY_WAREHOUSE_DIR")
    restore.add_argument("--from", dest="source", required=True, metavar="DIR")
    verify = commands.add_parser("verify", help="check every file of the backup folder DIR against its manifest")
    verify.add_argument("--from", dest="source", required=True, metavar="DIR")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    folder_text = args.to if args.command == "create" else args.source
    if not folder_text.strip():
        # `make backup` without DEST= passes an empty string, which as a path would mean the current folder
        print("no folder given: make backup DEST=/path/to/backups, make restore FROM=/path/to/backup", file=sys.stderr)
        return 2
    folder_arg = Path(folder_text)
    try:
        settings = get_settings()
    except ValueError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    try:
        if args.command == "create":
            folder = create_backup(settings, folder_arg)
            print(f"Backed up {settings.warehouse_dir} into {folder} (the publication is not included: it is derived).")
        elif args.command == "verify":
            folder, manifest = verify_backup(folder_arg)
            print(f"{folder}: all {len(manifest['files'])} files match the manifest.")
        else:
            folder, manifest = restore_backup(settings, folder_arg)
            print(
                f"Restored {folder} ({len(manifest['files'])} files) into {settings.warehouse_dir}. "
                "It has no publication yet: run `make run` (same EQUITY_RAW_DIR and EQUITY_PSEUDONYM_KEY) "
                "to re-publish."
            )
    except RefreshLocked as exc:
        print(
            f"a refresh is running ({exc.holder}); nothing was backed up or restored. Try again when it has finished.",
            file=sys.stderr,
        )
        return 1
    except BackupError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except OSError as exc:
        print(storage_problem(exc, settings.warehouse_dir) or f"{exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
