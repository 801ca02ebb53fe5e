"""Withdraw a file loaded by mistake: `python -m equity_pipeline.cli withdraw <source> <file> --reason "..."`.

In one transaction, the file's rows leave `landed.<source>` and its manifest row becomes
`withdrawn`, with the operator's reason and the time; the next run's dbt models and
publication are built without it.

Choices:
- The version the withdrawn file had superseded is *not* reinstated: which export should
  be current is the department's call, and an automatic reinstatement could revive a
  version that was itself replaced for a reason. To make it current again, the
  department re-sends it as a higher `_v<N>`, which loads (bytes equal to a superseded
  file are a correction, not a re-delivery).
- The withdrawn file may stay in the landing folder: its name and bytes are in the
  manifest, so later runs skip it. The same bytes under *another* name are a new
  delivery and load again (only bytes currently loaded are duplicates): remove the file
  from the landing folder, or withdraw the new name too.
"""

from __future__ import annotations

from dataclasses import dataclass

from equity_pipeline.config import Settings
from equity_pipeline.contracts import all_contracts
from equity_pipeline.ingest.landed import delete_landed
from equity_pipeline.ingest.loader import connect_warehouse
from equity_pipeline.ingest.manifest import ensure_audit_schema, entries_named
from equity_pipeline.lock import RefreshLocked, refresh_lock

WITHDRAWN_REASON = "withdrawn by an operator"


class WithdrawError(Exception):
    """The file cannot be withdrawn; the message says why."""


@dataclass(frozen=True)
class WithdrawResult:
    source: str
    file_name: str
    rows_removed: int
    # Always None (see the module's choices); kept so the result says so explicitly.
    reinstated: str | None = None


def withdraw_file(settings: Settings, source: str, file_name: str, reason: str) -> WithdrawResult:
    """Withdraw the currently loaded file `file_name` of `source`; raise WithdrawError if it is not loaded."""
    known = sorted(all_contracts())
    if source not in known:
        raise WithdrawError(f"unknown source {source} (known: {', '.join(known)})")
    if not reason.strip():
        raise WithdrawError('a reason is required (--reason "..."): it is kept in the manifest')
    with connect_warehouse(settings) as con:
        ensure_audit_schema(con)
        rows = entries_named(con, source, file_name)
        if not rows:
            raise WithdrawError(f"no file {source}/{file_name} in the manifest")
        loaded = [r.file_sha256 for r in rows if r.status == "loaded"]
        if not loaded:
            raise WithdrawError(f"{source}/{file_name} is {rows[-1].status}, not loaded: nothing to withdraw")
        (sha,) = loaded  # one version of a name is loaded at a time (a new one supersedes it)
        con.execute("begin transaction")
        try:
            removed = delete_landed(con, source, file_name, sha)
            con.execute(
                """
                update audit.ingest_manifest
                set status = 'withdrawn', reason = ?, message = ?, withdrawn_at = now()
                where source = ? and file_name = ? and file_sha256 = ?
                """,
                [WITHDRAWN_REASON, f"{WITHDRAWN_REASON}: {reason.strip()}", source, file_name, sha],
            )
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
    return WithdrawResult(source=source, file_name=file_name, rows_removed=removed)


def withdraw_command(settings: Settings, source: str, file_name: str, reason: str) -> int:
    """The CLI subcommand: one line of output, exit status 0 (withdrawn) or 1 (not)."""
    try:
        with refresh_lock(settings.warehouse_dir):  # a writer like any other: never beside a refresh
            result = withdraw_file(settings, source, file_name, reason)
    except (WithdrawError, RefreshLocked) as exc:
        print(f"cannot withdraw: {exc}")
        return 1
    print(
        f"withdrawn {source}/{file_name}: {result.rows_removed} row(s) removed from landed.{source}; "
        "the next run publishes without it"
    )
    return 0
