"""The report's Language Access section, from the published tables language_access_monthly and
language_access_safe_harbor (issue 11).

The monthly table's months are assigned to fiscal years by pvr_quarterly's calendar (each fiscal year's first
month follows from any of its quarters' end dates), so the report does not redo dbt's fiscal-year rule. Yearly
figures are sums of the published monthly counts; a yearly rate is recomputed from those counts, never
averaged from the monthly rates.
"""

from __future__ import annotations

import datetime as dt
import html
from decimal import Decimal
from typing import NamedTuple

import duckdb

from equity_pipeline.report.figures import format_figure, half_up, percent

TABLES = ("language_access_monthly", "language_access_safe_harbor", "language_access_annual")
LEFT = "<td style='text-align:left'>"  # the report's CSS aligns every column but the first right, for figures
GAP_STYLE = "text-align:left;color:#b2182b"
MET_STYLE = "text-align:left;color:#1b7837"

# Each fiscal year's first month: a quarter q ending in month E starts the year 3q - 1 months before E's first
# day. Months outside every published fiscal year are in no report.
FISCAL_YEAR_STARTS = """
select fiscal_year,
    min(date_trunc('month', quarter_end_date) - to_months(3 * fiscal_quarter - 1))::date as first_month
from pvr_quarterly
group by fiscal_year
"""
MONTHS_BY_YEAR = """
select years.fiscal_year, monthly.*
from language_access_monthly as monthly
inner join fiscal_year_starts as years
    on monthly.month >= years.first_month and monthly.month < years.first_month + interval 12 month
"""


class Department(NamedTuple):
    """One department's year: sums of its monthly rows over every language."""

    fiscal_year: int
    department_code: str
    requests: int
    fulfilled: int
    interpretation_minutes: int
    words_translated: int
    cost: Decimal
    fulfilled_on_time: int
    fulfilled_with_needed_by: int


class Language(NamedTuple):
    """One language's year, all departments (language_access_annual): the year's own median response."""

    fiscal_year: int
    language_code: str
    language_name: str
    requests: int
    fulfilled: int
    median_response_hours: float | None


class SafeHarbor(NamedTuple):
    """One row of language_access_safe_harbor, in the published column order."""

    fiscal_year: int
    language_code: str
    language_name: str
    lep_population: int
    safe_harbor: bool
    vital_translations_fulfilled: int
    status: str
    requests: int
    requests_per_1000_lep: float | None


class LanguageData(NamedTuple):
    departments: list[Department]
    languages: list[Language]
    safe_harbor: list[SafeHarbor]
    months: dict[int, tuple[dt.date, dt.date]]  # fiscal_year: (first month, last month) holding a request
    # Fiscal years whose last month the newest log reaches: a gap in a later year is a gap so far
    complete_years: frozenset[int] = frozenset()


def read_language(con: duckdb.DuckDBPyConnection) -> LanguageData | None:
    """The three tables by fiscal year, or None when one is not published or monthly and safe harbor are empty."""
    present = {
        name
        for (name,) in con.execute(
            "select table_name from information_schema.tables where list_contains(?, table_name)", [list(TABLES)]
        ).fetchall()
    }
    if present != set(TABLES):
        return None
    if not con.execute(
        "select exists (select 1 from language_access_monthly) or exists (select 1 from language_access_safe_harbor)"
    ).fetchone()[0]:
        return None
    con.execute(f"create or replace temp view fiscal_year_starts as {FISCAL_YEAR_STARTS}")
    con.execute(f"create or replace temp view language_by_year as {MONTHS_BY_YEAR}")
    departments = con.execute(
        "select fiscal_year, department_code, sum(requests)::bigint, sum(fulfilled)::bigint, "
        "sum(interpretation_minutes)::bigint, sum(words_translated)::bigint, sum(cost)::decimal(18, 2), "
        "sum(fulfilled_on_time)::bigint, sum(fulfilled_with_needed_by)::bigint "
        "from language_by_year where department_code <> 'ALL' group by all order by fiscal_year, department_code"
    ).fetchall()
    languages = con.execute(
        "select fiscal_year, language_code, language_name, requests, fulfilled, median_response_hours "
        "from language_access_annual order by fiscal_year, requests desc, language_name"
    ).fetchall()
    safe_harbor = con.execute(
        "select fiscal_year, language_code, language_name, lep_population, safe_harbor, vital_translations_fulfilled, "
        "status, requests, requests_per_1000_lep from language_access_safe_harbor "
        "order by fiscal_year, lep_population desc, language_name"
    ).fetchall()
    months = {
        fy: (first, last)
        for fy, first, last in con.execute(
            "select fiscal_year, min(month), max(month) from language_by_year group by fiscal_year"
        ).fetchall()
    }
    complete = con.execute(
        "select fiscal_year from fiscal_year_starts "
        "where first_month + interval 11 month <= (select max(month) from language_access_monthly)"
    ).fetchall()
    return LanguageData(
        [Department._make(r) for r in departments],
        [Language._make(r) for r in languages],
        [SafeHarbor._make(r) for r in safe_harbor],
        months,
        frozenset(fy for (fy,) in complete),
    )


def share(part: int, whole: int) -> str:
    """part / whole as a whole percent, half up, from the exact counts (7 of 8: 87.5% -> '88%')."""
    return percent(Decimal(part) / Decimal(whole)) if whole else ""


def _decimals(value: float | Decimal, places: int) -> str:
    return f"{half_up(value, places):,}"


def _hours(row: Language) -> str:
    return "no fulfilled request" if row.median_response_hours is None else _decimals(row.median_response_hours, 1)


def departments_table(rows: list[Department]) -> str:
    """Requests, fulfilled, and the fulfillment and on-time rates recomputed from the year's counts, per department."""
    body = "".join(
        f"<tr><td>{html.escape(r.department_code)}</td><td>{r.requests:,}</td><td>{r.fulfilled:,}</td>"
        f"<td>{share(r.fulfilled, r.requests)}</td>"
        f"<td>{share(r.fulfilled_on_time, r.fulfilled_with_needed_by) or 'no needed-by date'}</td></tr>"
        for r in rows
    )
    return (
        "<table><thead><tr><th>Department</th><th>Requests</th><th>Fulfilled</th><th>Fulfillment rate</th>"
        f"<th>On-time rate</th></tr></thead><tbody>{body}</tbody></table>"
        "<p class='note'>Fulfillment rate = Fulfilled / requests over the year, from the counts (Partially "
        "Fulfilled is a request, not fulfilled). On-time rate = fulfilled by the needed-by date / fulfilled "
        "requests that had one, from the year's counts (fulfilled_on_time, fulfilled_with_needed_by).</p>"
    )


def languages_table(rows: list[Language]) -> str:
    """The year's requests per language (all departments) and its median response (language_access_annual)."""
    body = "".join(
        f"<tr><td>{html.escape(r.language_name)} ({html.escape(r.language_code)})</td><td>{r.requests:,}</td>"
        f"<td>{r.fulfilled:,}</td><td>{share(r.fulfilled, r.requests)}</td><td>{_hours(r)}</td></tr>"
        for r in rows
    )
    return (
        "<table><thead><tr><th>Language</th><th>Requests</th><th>Fulfilled</th><th>Fulfillment rate</th>"
        "<th>Median response, hours</th></tr></thead>"
        f"<tbody>{body}</tbody></table>"
        "<p class='note'>Response = fulfilled_at - received_at of a fulfilled request; the median over the "
        "fiscal year's fulfilled requests (language_access_annual).</p>"
    )


def _status(row: SafeHarbor, fiscal_year: int) -> str:
    status = html.escape(row.status)
    if row.status == "gap":
        why = f"Safe-harbor language with no vital document translation fulfilled in FY{fiscal_year}"
        return f"<td style='{GAP_STYLE}' title='{why}'><strong>gap</strong>: no vital translation fulfilled</td>"
    if row.status == "met":
        return f"<td style='{MET_STYLE}'>{status}</td>"
    return f"{LEFT}{status}</td>"


def _per_1000(row: SafeHarbor) -> str:
    # NULL when the reference gives the group no LEP population: a rate of 0 would claim no one was reached
    return "no LEP population" if row.requests_per_1000_lep is None else _decimals(row.requests_per_1000_lep, 2)


def safe_harbor_table(rows: list[SafeHarbor], fiscal_year: int, complete: bool = True) -> str:
    """Per reference language: LEP population, the safe-harbor test, vital translations, status and reach."""
    body = "".join(
        f"<tr><td>{html.escape(r.language_name)}</td><td>{r.lep_population:,}</td>"
        f"{LEFT}{'yes' if r.safe_harbor else 'no'}</td><td>{r.vital_translations_fulfilled:,}</td>"
        f"{_status(r, fiscal_year)}<td>{r.requests:,}</td>"
        f"<td>{_per_1000(r)}</td></tr>"
        for r in rows
    )
    gaps = sum(r.status == "gap" for r in rows)
    summary = (
        f"<p><strong>{gaps} safe-harbor language{' has' if gaps == 1 else 's have'} a gap</strong> in "
        f"FY{fiscal_year}{'' if complete else ' to date'}: no vital document translation was fulfilled"
        f"{'' if complete else ' yet (the fiscal year is not over)'}.</p>"
        if gaps
        else ""
    )
    return (
        f"{summary}<table><thead><tr><th>Language (LEP group)</th><th>LEP population</th><th>Safe harbor</th>"
        "<th>Vital translations fulfilled</th><th>Status</th><th>Requests</th><th>Requests per 1,000 LEP</th>"
        f"</tr></thead><tbody>{body}</tbody></table>"
        "<p class='note'>LEP population: persons 5 and over who speak English less than &quot;very well&quot; "
        "(the shape of ACS table C16001), from the reference file. Safe harbor (US DOJ LEP guidance, 2002): an "
        "LEP population of at least the configured number of persons or share of the population 5 and over (by "
        "default 1,000 or 5%). A group's requests include every language it covers; English (CART) and sign "
        "languages such as American Sign Language are no LEP languages: their requests are in the tables above "
        "but in no row here.</p>"
    )


def cost_table(rows: list[Department]) -> str:
    """The year's cost, interpretation minutes and words translated by department, and their total."""
    body = "".join(
        f"<tr><td>{html.escape(r.department_code)}</td><td>{r.interpretation_minutes:,}</td>"
        f"<td>{r.words_translated:,}</td><td>{format_figure(r.cost, 'dollars')}</td></tr>"
        for r in rows
    )
    total = (
        f"<tr><th>All departments</th><th>{sum(r.interpretation_minutes for r in rows):,}</th>"
        f"<th>{sum(r.words_translated for r in rows):,}</th>"
        f"<th>{format_figure(sum((r.cost for r in rows), Decimal(0)), 'dollars')}</th></tr>"
    )
    return (
        "<table><thead><tr><th>Department</th><th>Interpretation minutes</th><th>Words translated</th>"
        f"<th>Cost</th></tr></thead><tbody>{body}{total}</tbody></table>"
        "<p class='note'>Cancelled requests are in no figure, cost included.</p>"
    )


def language_section(language: LanguageData | None, fiscal_year: int) -> str:
    """The section for one fiscal year's report; "" when the language tables are not published or empty."""
    if language is None:
        return ""
    heading = "<h2 id='language'>Language Access</h2>"
    departments = [r for r in language.departments if r.fiscal_year == fiscal_year]
    harbor = [r for r in language.safe_harbor if r.fiscal_year == fiscal_year]
    if not departments and not harbor:
        return f"{heading}<p>No language access request was published for FY{fiscal_year}.</p>"
    parts = [heading]
    if departments:
        first, last = language.months[fiscal_year]
        parts.append(
            f"<p class='meta'>FY{fiscal_year}, months {first:%B %Y} to {last:%B %Y} holding a request. Figures are "
            "those of the published tables language_access_monthly and language_access_safe_harbor; requests "
            "exclude Cancelled.</p>"
            f"<h3>Fulfillment by department, FY{fiscal_year}</h3>{departments_table(departments)}"
            f"<h3>Requests by language, FY{fiscal_year}</h3>"
            f"{languages_table([r for r in language.languages if r.fiscal_year == fiscal_year])}"
        )
    else:
        parts.append(f"<p>No language access request (other than Cancelled) was received in FY{fiscal_year}.</p>")
    if harbor:
        table = safe_harbor_table(harbor, fiscal_year, fiscal_year in language.complete_years)
        parts.append(f"<h3>Safe-harbor languages, FY{fiscal_year}</h3>{table}")
    if departments:
        total = format_figure(sum((r.cost for r in departments), Decimal(0)), "dollars")
        parts.append(f"<h3>Cost, FY{fiscal_year}: {total}</h3>{cost_table(departments)}")
    return "".join(parts)
