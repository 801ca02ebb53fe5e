"""Source freshness: whether each source's next export is overdue, from the ingest manifest and its contract.

Each contract declares a cadence (monthly, quarterly, annual) and grace_days. After an export as of
date D, the next one is as of D plus one period (next_as_of) and is due grace_days after that date
(due_by); from the day after due_by, the source is late by today - due_by days. The due date itself is
not late.

What counts as received: a manifest row whose rows reached the warehouse, i.e. status `loaded`, and
`superseded` (a correction of the same as-of date replaced its rows, so that date was delivered).
Not counted: `rejected`, `quarantined` (nothing of it was loaded), `withdrawn` (an operator took it
back) and `duplicate` (its bytes are another delivery's, which counts under its own as-of date). The
newest such file, when newer than the newest counted export, is named in the description, so a
department that did send something is not simply told it sent nothing.

A source with no counted export is late with "no export received yet"; so is every source of a
warehouse that was never loaded (no audit.ingest_manifest). Callers pass `today` as the local date in
settings.timezone: the manifest holds dates, the comparison is in days.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb

from equity_pipeline.contracts import CADENCE_MONTHS, Contract

COUNTED_STATUSES = ("loaded", "superseded")
IGNORED_STATUSES = ("rejected", "quarantined", "withdrawn")

# One pass over the manifest: each source's newest counted as-of date, and its newest ignored file.
_NEWEST_SQL = f"""
select
    source,
    max(as_of) filter (where status in {COUNTED_STATUSES}) as newest_as_of,
    max(as_of) filter (where status in {IGNORED_STATUSES}) as newest_ignored_as_of,
    arg_max(status, as_of) filter (where status in {IGNORED_STATUSES}) as newest_ignored_status
from audit.ingest_manifest
where as_of is not null
group by source
"""


@dataclass(frozen=True)
class Freshness:
    """One source's delivery against its contract's cadence, on `today`."""

    source: str
    cadence: str
    grace_days: int
    newest_as_of: dt.date | None  # None: no counted export ever
    next_as_of: dt.date | None
    due_by: dt.date | None
    days_late: int  # 0 when not late, and when nothing was ever received (no due date to count from)
    late: bool
    ignored_as_of: dt.date | None = None  # a newer file that does not count (rejected, quarantined, withdrawn)
    ignored_status: str | None = None

    def describe(self) -> str:
        """One line, e.g. "wc_claims: newest export as of 2025-12-31; the monthly export as of 2026-01-31 was
        due by 2026-03-02 (30 days' grace): 275 days late"."""
        ignored = (
            f" (a newer file as of {self.ignored_as_of} was {self.ignored_status} and does not count)"
            if self.ignored_as_of
            else ""
        )
        if self.newest_as_of is None:
            return f"{self.source}: no export received yet{ignored}"
        head = f"{self.source}: newest export as of {self.newest_as_of}{ignored}; the {self.cadence} export as of "
        grace = f"({self.grace_days} days' grace)"
        if self.late:
            return f"{head}{self.next_as_of} was due by {self.due_by} {grace}: {_days(self.days_late)} late"
        return f"{head}{self.next_as_of} is due by {self.due_by} {grace}: on time"

    def as_dict(self) -> dict[str, object]:
        """JSON-ready (dates as ISO text), as publication_log.source_freshness holds it."""

        def iso(d: dt.date | None) -> str | None:
            return d.isoformat() if d else None

        return {
            "source": self.source,
            "cadence": self.cadence,
            "grace_days": self.grace_days,
            "newest_as_of": iso(self.newest_as_of),
            "next_as_of": iso(self.next_as_of),
            "due_by": iso(self.due_by),
            "days_late": self.days_late,
            "late": self.late,
            "description": self.describe(),
        }


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus calendar months. A month end stays a month end (2024-01-31 + 1 -> 2024-02-29, 2024-02-29
    + 1 -> 2024-03-31); another day keeps its day number, clamped to the month's length (01-30 + 1 -> 02-28/29)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    at_month_end = day.day == calendar.monthrange(day.year, day.month)[1]
    return dt.date(year, month, last if at_month_end else min(day.day, last))


def assess(
    contract: Contract,
    newest_as_of: dt.date | None,
    today: dt.date,
    ignored: tuple[dt.date | None, str | None] = (None, None),
) -> Freshness:
    """The source's freshness on `today`, given its newest counted as-of date (pure date arithmetic)."""
    ignored_as_of, ignored_status = ignored
    if ignored_as_of is not None and newest_as_of is not None and ignored_as_of <= newest_as_of:
        ignored_as_of, ignored_status = None, None  # an older bad file says nothing about lateness
    common = {"source": contract.source, "cadence": contract.cadence, "grace_days": contract.grace_days}
    if newest_as_of is None:
        return Freshness(
            **common, newest_as_of=None, next_as_of=None, due_by=None, days_late=0, late=True,
            ignored_as_of=ignored_as_of, ignored_status=ignored_status,
        )  # fmt: skip
    next_as_of = add_months(newest_as_of, CADENCE_MONTHS[contract.cadence])
    due_by = next_as_of + dt.timedelta(days=contract.grace_days)
    days_late = max((today - due_by).days, 0)
    return Freshness(
        **common, newest_as_of=newest_as_of, next_as_of=next_as_of, due_by=due_by, days_late=days_late,
        late=days_late > 0, ignored_as_of=ignored_as_of, ignored_status=ignored_status,
    )  # fmt: skip


def _has_manifest(con: duckdb.DuckDBPyConnection) -> bool:
    rows = con.execute(
        "select 1 from information_schema.tables where table_catalog = current_database() "
        "and table_schema = 'audit' and table_name = 'ingest_manifest'"
    ).fetchall()
    return bool(rows)


def source_freshness(
    con: duckdb.DuckDBPyConnection | None, contracts: Iterable[Contract], today: dt.date
) -> list[Freshness]:
    """Every source's freshness, in the contracts' order. `con`: the working warehouse (None: none exists)."""
    newest: dict[str, tuple] = {}
    if con is not None and _has_manifest(con):
        newest = {row[0]: row[1:] for row in con.execute(_NEWEST_SQL).fetchall()}
    results = []
    for contract in contracts:
        counted, ignored_as_of, ignored_status = newest.get(contract.source, (None, None, None))
        results.append(assess(contract, counted, today, (ignored_as_of, ignored_status)))
    return results


def local_today(timezone: str) -> dt.date:
    """Today's date where the office is (settings.timezone)."""
    return dt.datetime.now(ZoneInfo(timezone)).date()


def warehouse_freshness(warehouse_path: Path, contracts: Iterable[Contract], today: dt.date) -> list[Freshness]:
    """source_freshness of the warehouse file, opened read-only; a missing file is a warehouse never loaded."""
    if not warehouse_path.exists():
        return source_freshness(None, contracts, today)
    with duckdb.connect(str(warehouse_path), read_only=True) as con:
        return source_freshness(con, contracts, today)
