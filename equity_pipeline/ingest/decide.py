"""What becomes of one file, from plain facts: duplicate, superseded, rejected, quarantined or loaded.

No I/O: the loader gathers the facts (the name, the manifest's loaded files, the row counts)
and carries the decision out. The checks run in this order, and the first that settles wins:
1. the name: not UTF-8, an Excel lock file, not the naming rule, an as-of date in the future;
2. bytes already loaded under another name: duplicate (the rows are not read);
   then the loader reads the rows, which may reject the file (encoding, header);
3. too many invalid rows: quarantined;
4. a newer version of the as-of date already loaded: superseded on arrival;
5. the same version already loaded under another name: rejected;
6. otherwise loaded, replacing the older versions and any earlier bytes of this very name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from equity_pipeline.ingest.files import ExportName, FileRejected
from equity_pipeline.ingest.manifest import LoadedFile

NOT_UTF8_NAME = "file name is not valid UTF-8 (undecodable bytes shown as \\xNN): rename the file"
LOCK_FILE = (
    "Excel lock file of an open workbook (Excel writes ~$<name> while the workbook is open; "
    "it is not an export): close the workbook, and delete this file if it remains"
)


@dataclass(frozen=True)
class FileFacts:
    """What is known of a file before its rows are read."""

    file_name: str
    # False when the name had undecodable bytes (file_name then shows them as \xNN).
    name_is_utf8: bool = True
    # What the name says, when it follows the naming rule.
    export: ExportName | None = None
    # Why the name is refused (the naming rule, an as-of date too far ahead), if it is.
    name_problem: FileRejected | None = None
    # A loaded file with the same bytes, under any name.
    twin: LoadedFile | None = None


@dataclass(frozen=True)
class RowCounts:
    total: int
    invalid: int


@dataclass(frozen=True)
class Decision:
    status: str
    # Working warehouse only: may add detail to the reason.
    message: str = ""
    # Published: a fixed phrase; empty means "same as message".
    reason: str = ""
    # The loaded files this one replaces (status "loaded" only).
    replaces: tuple[LoadedFile, ...] = ()

    @classmethod
    def rejected(cls, problem: FileRejected) -> Decision:
        return cls("rejected", message=problem.message, reason=problem.reason)


def decide_before_reading(facts: FileFacts) -> Decision | None:
    """The decision when the name or a loaded twin settles it; None when the rows must be read."""
    if not facts.name_is_utf8:
        return Decision.rejected(FileRejected(NOT_UTF8_NAME))
    if facts.file_name.startswith("~$"):
        return Decision.rejected(FileRejected(LOCK_FILE))
    if facts.name_problem is not None:
        return Decision.rejected(facts.name_problem)
    if facts.export is None:
        raise ValueError(f"{facts.file_name}: neither a parsed name nor why it does not parse")
    # Re-delivery is bytes that are *currently* loaded: bytes equal to a superseded,
    # withdrawn, rejected or quarantined file are processed (a v3 restoring v1 is a correction).
    if facts.twin is not None:
        return Decision("duplicate", message=f"byte-identical to {facts.twin.file_name} (loaded): not loaded again")
    return None


def decide(
    facts: FileFacts,
    rows: RowCounts,
    quarantine_threshold: float,
    peers: Sequence[LoadedFile],
    drift_columns: Sequence[str] = (),
) -> Decision:
    """The file's decision, given its rows' counts and the loaded files of its as-of date (`peers`)."""
    before = decide_before_reading(facts)
    if before is not None:
        return before
    total, invalid = rows.total, rows.invalid
    if total and invalid / total > quarantine_threshold:
        return Decision(
            "quarantined",
            message=(
                f"{invalid} of {total} rows invalid ({invalid / total:.1%}), over the "
                f"{quarantine_threshold:.0%} threshold: whole file quarantined"
            ),
        )
    version = cast(ExportName, facts.export).version  # decide_before_reading raised if it were None
    newer = [p for p in peers if p.version > version]
    if newer:
        return Decision(
            "superseded", message=f"a newer version is already loaded ({newer[0].file_name}): rows not landed"
        )
    same_version_other_name = [p for p in peers if p.version == version and p.file_name != facts.file_name]
    if same_version_other_name:
        return Decision.rejected(
            FileRejected(
                f"same as-of date and version as {same_version_other_name[0].file_name}, already loaded: "
                "deliver a correction with a higher _v<N> suffix"
            )
        )
    # Older versions, and this very name with other bytes (an overwritten file), are replaced.
    notes = []
    if peers:
        notes.append(f"supersedes {', '.join(p.file_name for p in peers)}")
    if drift_columns:
        notes.append(f"schema drift: unknown column(s) {', '.join(drift_columns)} ignored")
    if total == 0:
        notes.append("no data rows")
    return Decision("loaded", message="; ".join(notes), replaces=tuple(peers))
