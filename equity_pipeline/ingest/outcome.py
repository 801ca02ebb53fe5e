"""What the loader did with each file of a source, and how that is shown (Dagster metadata, logs)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from equity_pipeline.ingest.landing import LandingWarning


@dataclass
class FileOutcome:
    file_name: str
    sha256: str
    status: str
    rows_total: int = 0
    rows_landed: int = 0
    rows_quarantined: int = 0
    drift_columns: list[str] = field(default_factory=list)
    # Working warehouse only: may carry an exception's text.
    message: str = ""
    # Published: a fixed phrase; empty means "same as message" (which then holds no detail).
    reason: str = ""
    as_of: dt.date | None = None
    version: int | None = None
    encoding: str | None = None
    superseded: list[str] = field(default_factory=list)

    @property
    def shown_reason(self) -> str:
        return self.reason or self.message


@dataclass
class SourceOutcome:
    source: str
    files: list[FileOutcome] = field(default_factory=list)
    # Files loaded by an earlier run that a file of this run replaced.
    superseded_earlier: list[str] = field(default_factory=list)
    # Entries of the landing folder that got no manifest row: warnings and skipped young files.
    landing: list[LandingWarning] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def rows_landed(self) -> int:
        """Rows this run landed that are still current (a file superseded in the run counts 0)."""
        return sum(f.rows_landed for f in self.files if f.status == "loaded")

    @property
    def rows_quarantined(self) -> int:
        return sum(f.rows_quarantined for f in self.files)

    @property
    def drift_warnings(self) -> list[str]:
        return [f"{f.file_name}: unknown column(s) {', '.join(f.drift_columns)}" for f in self.files if f.drift_columns]

    @property
    def warnings(self) -> list[str]:
        return [w.text for w in self.landing if w.kind == "warning"]

    @property
    def skipped(self) -> list[str]:
        return [w.text for w in self.landing if w.kind == "skipped"]


def outcome_metadata(outcome: SourceOutcome) -> dict[str, object]:
    """Plain values describing a source's ingestion, for Dagster metadata and the summary."""
    return {
        "files_loaded": outcome.count("loaded"),
        "files_duplicate": outcome.count("duplicate"),
        "files_superseded": outcome.count("superseded") + len(outcome.superseded_earlier),
        "files_rejected": outcome.count("rejected"),
        "files_quarantined": outcome.count("quarantined"),
        "files_skipped": len(outcome.skipped),
        "rows_landed": outcome.rows_landed,
        "rows_quarantined": outcome.rows_quarantined,
        "drift_warnings": json.dumps(outcome.drift_warnings),
        "landing_warnings": json.dumps(outcome.warnings),
        "skipped_files": json.dumps(outcome.skipped),
    }


def files_metadata(outcome: SourceOutcome) -> list[dict[str, object]]:
    """The asset's table of files: the fixed reason, never the detailed message (UI metadata is shown widely)."""
    return [
        {
            "file": f.file_name,
            "status": f.status,
            "landed": f.rows_landed,
            "quarantined": f.rows_quarantined,
            "sha256": f.sha256,
            "reason": f.shown_reason,
        }
        for f in outcome.files
    ]
