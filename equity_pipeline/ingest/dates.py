"""Dates and timestamps: the accepted shapes, the 4-digit year, the plausible range.

DuckDB's strptime reads `%Y` from one to four digits, so `09/14/23` was year 23 and
`0023-09-14` too, and a cast to TIMESTAMPTZ takes `infinity`. Each value is therefore first
matched against the shapes the contract allows (a 4-digit year), and only then parsed. A
parsed date must lie in [EQUITY_MIN_DATE, as-of + EQUITY_FUTURE_DAYS], or up to the column's
own `future_days` where the contract says the future is expected (a board term's end).
Reasons are fixed phrases: they are published, and never quote the value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from equity_pipeline.contracts import Column

ISO_DATE = "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
US_DATE = "[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}"
# The same shapes with a year of 1-3 or 5+ digits: a typing slip, named as such.
BAD_YEAR = "([0-9]{1,3}|[0-9]{5,})-[0-9]{1,2}-[0-9]{1,2}|[0-9]{1,2}/[0-9]{1,2}/([0-9]{1,3}|[0-9]{5,})"
TIME_PART = "([ T].*)?"

FOUR_DIGITS = "year must have 4 digits"
TYPE_REASONS = {
    "date": "not a valid date (expected YYYY-MM-DD or MM/DD/YYYY)",
    "timestamp": "not a valid timestamp (expected ISO 8601 or MM/DD/YYYY HH:MM)",
}


@dataclass(frozen=True)
class DateBounds:
    """The plausible range of every date (from the settings); a column may allow more future."""

    min_date: dt.date
    future_days: int


def date_typed_sql(kind: str, raw: str) -> str:
    """SQL typing the trimmed text `raw` as a date or timestamp; NULL unless a 4-digit-year shape."""
    if kind == "date":
        return (
            f"(case when regexp_full_match({raw}, '{ISO_DATE}') then try_strptime({raw}, '%Y-%m-%d') "
            f"when regexp_full_match({raw}, '{US_DATE}') then try_strptime({raw}, '%m/%d/%Y') end)::date"
        )
    # Naive values are local time: the connection's TimeZone is set to EQUITY_TIMEZONE.
    return (
        f"(case when regexp_full_match({raw}, '{ISO_DATE}{TIME_PART}') then try_cast({raw} as timestamptz) "
        f"when regexp_full_match({raw}, '{US_DATE} .*') then coalesce("
        f"try_strptime({raw}, '%m/%d/%Y %H:%M')::timestamptz, "
        f"try_strptime({raw}, '%m/%d/%Y %H:%M:%S')::timestamptz) end)"
    )


def date_problems(column: Column, raw: str, typed: str, bounds: DateBounds) -> tuple[str, str]:
    """(condition, reason as SQL) for a date or timestamp column: the reasons exclude each other,
    so one filtered scan picks the one that applies."""
    tail = TIME_PART if column.type == "timestamp" else ""
    future = bounds.future_days if column.future_days is None else column.future_days
    day = f"{typed}::date"
    too_early = f"{day} < '{bounds.min_date.isoformat()}'::date"
    too_late = f"{day} > _as_of + {future}"
    reason = (
        f"case when {typed} is null then (case when regexp_full_match({raw}, '({BAD_YEAR}){tail}') "
        f"then '{FOUR_DIGITS}' else '{TYPE_REASONS[column.type]}' end) "
        f"when {too_early} then 'date before {bounds.min_date.isoformat()}' "
        f"else 'date more than {future} days after the export''s as-of date' end"
    )
    return f"{raw} is not null and ({typed} is null or {too_early} or {too_late})", reason
