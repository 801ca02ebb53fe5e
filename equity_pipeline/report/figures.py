"""How a published figure is written for a person: by its unit (pvr_annual.unit), and times in a named zone.

Pure functions of plain values, shared by the run summary and usable by the report.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

# Units that count things: whole numbers with thousands separators.
COUNT_UNITS = frozenset({"people", "sessions", "claims", "reports", "cases"})
RATE_BASIS = "per 200,000 estimated hours"


def half_up(value: float | int | Decimal, places: int) -> Decimal:
    """value rounded half up to `places` decimals, as a reader rounds a printed figure by hand.

    Via str(): 2.675 is 2.67499999... in binary; a reader rounding the printed figure expects 2.68.
    """
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def percent(value: float | Decimal | None, decimals: int = 0) -> str:
    """A share as a percent, half up: 0.2222 -> '22%' (empty for none)."""
    return "" if value is None else f"{half_up(Decimal(str(value)) * 100, decimals)}%"


def format_figure(value: float | int | Decimal | None, unit: str) -> str:
    """An actual as a reader expects it: counts whole, dollars with cents, rates with 2 decimals."""
    if value is None:
        return "-"
    if unit in COUNT_UNITS:
        return f"{half_up(value, 0):,}"
    if unit == "dollars":
        return f"${half_up(value, 2):,}"
    # rates, and any unit added later: 2 decimals rather than a misleading whole number
    return f"{half_up(value, 2):,}"


def format_target(value: float | int | Decimal | None, unit: str) -> str:
    """A target always has 2 decimals (prior actual x 1.05 is rarely whole); dollars keep their sign."""
    if value is None:
        return "-"
    return f"${half_up(value, 2):,}" if unit == "dollars" else f"{half_up(value, 2):,}"


def unit_note(unit: str) -> str:
    """What a bare figure is measured in, where the number alone would mislead."""
    return f"({RATE_BASIS})" if unit == "rate" else ""


def format_published_at(moment: dt.datetime, zone: str) -> str:
    """'2026-11-23 18:48 AKST (America/Anchorage)': the zone the time is shown in is always named."""
    local = moment.astimezone(ZoneInfo(zone))
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()} ({zone})"


# The report lives in <warehouse>/reports/ and the catalog in <warehouse>/catalog/ (equity_pipeline/docs.py):
# a relative link opens it from disk, offline, wherever the warehouse folder is copied.
CATALOG_HREF = "../catalog/index.html"


def catalog_note() -> str:
    """The report's link to the data catalog, saying how to build it where it is missing."""
    return (
        f'<p class="meta">What each published table and column means, its unit, and which figures are '
        f'suppressed or estimated: the <a id="catalog-link" href="{CATALOG_HREF}">data catalog</a> '
        "(rebuilt by each <code>make run</code>; if the link does not open, build it with <code>make docs</code>).</p>"
    )
