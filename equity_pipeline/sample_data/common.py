"""What every source's writer shares: the outcome a loader must reach, the export calendar, date
spellings, CSV writing, and each source's headers and allowed values as its contract declares them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from equity_pipeline.contracts import all_contracts

FIRST_YEAR, LAST_YEAR = 2021, 2025


@dataclass
class Expected:
    """What a correct loader must do with the files of one source."""

    files: int = 0
    rows_landed: int = 0
    rows_quarantined: int = 0
    duplicates: int = 0
    superseded: int = 0
    bad_rows: list[tuple[str, int]] = field(default_factory=list)  # (file, line) the loader must quarantine
    notes: list[str] = field(default_factory=list)

    def quarantine(self, file: str, line: int, why: str) -> None:
        """Record one of the sample's deliberately invalid rows (`line` counts the header as line 1)."""
        self.rows_quarantined += 1
        self.bad_rows.append((file, line))
        self.notes.append(f"{file}: line {line} {why}")


def columns(source: str, of_type: str | None = None) -> list[str]:
    """The contract's column names for `source`, in header order; only those of `of_type` if given."""
    return [c.name for c in all_contracts()[source].columns if of_type is None or c.type == of_type]


def allowed(source: str, column: str) -> tuple[str, ...]:
    """The contract's allowed values of an enum column, in the contract's order."""
    return all_contracts()[source].column(column).allowed


def quarter_ends() -> list[dt.date]:
    return [d.date() for d in pd.date_range(f"{FIRST_YEAR}-01-01", f"{LAST_YEAR}-12-31", freq="QE")]


def month_ends() -> list[dt.date]:
    return [d.date() for d in pd.date_range(f"{FIRST_YEAR}-01-01", f"{LAST_YEAR}-12-31", freq="ME")]


def us_dates(d: pd.Series) -> pd.Series:
    return pd.to_datetime(d).dt.strftime("%m/%d/%Y").where(d.notna(), "")


def iso_dates(d: pd.Series) -> pd.Series:
    return pd.to_datetime(d).dt.strftime("%Y-%m-%d").where(d.notna(), "")


def write_csv(frame: pd.DataFrame, path: Path, encoding: str = "utf-8", crlf: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = frame.to_csv(index=False, lineterminator="\r\n" if crlf else "\n")
    path.write_bytes(text.encode(encoding))
