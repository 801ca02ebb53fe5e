"""A hand-made published file for the report's Workforce Equity section, and helpers to read the section.

Calendar fiscal years FY2023-FY2025; FY2025 is published to its Q2 (2025-06-30), so it is year to date. No
workforce row for FY2023. The disparity rows are what the model publishes for the counts chosen below with the
default settings (EQUITY_SMALL_CELL_THRESHOLD 10, EQUITY_DISPARITY_MIN_ELIGIBLE 30): the rate, ratio and interval
are checkable by hand (written in the comments); the z-test and Fisher p-values are scipy's (norm.sf,
fisher_exact) for those counts, as the model computes them, rounded as published.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import duckdb

from equity_pipeline.report.pvr import read_published, render
from tests.report.published_file import create_report_base

DISPARITY_COLUMNS = (
    "fiscal_year integer, decision varchar, dimension varchar, group_name varchar, eligible bigint, selected bigint, "
    "rate double, reference_group varchar, impact_ratio double, impact_ratio_ci_low double, "
    "impact_ratio_ci_high double, z_score double, p_value double, fisher_p_value double, flag varchar, "
    "small_numbers boolean, suppressed boolean, is_complete boolean"
)
REPRESENTATION_COLUMNS = (
    "fiscal_year integer, as_of_date date, is_complete boolean, eeo4_job_category varchar, dimension varchar, "
    "group_name varchar, employees bigint, workforce_share double, hires bigint, hire_share double, "
    "population_share double, workforce_parity_index double, hire_parity_index double, response_rate double, "
    "employees_suppressed boolean, hires_suppressed boolean, suppressed boolean, population_source varchar, "
    "population_year integer"
)
HIDDEN = (None,) * 10  # eligible, selected, rate, impact ratio, CI, z, p, Fisher and flag of a suppressed row


def breakdown(fiscal_year: int, decision: str, dimension: str, reference: str | None, rows: list[tuple]) -> list:
    """Published rows of one breakdown: (group, eligible ... flag, small_numbers, suppressed)."""
    complete = fiscal_year < 2025
    out = []
    for group, eligible, selected, rate, *comparison, small, hidden in rows:
        out.append((fiscal_year, decision, dimension, group, eligible, selected, rate, reference, *comparison, small,
                    hidden, complete))  # fmt: skip
    return out


def row(group, eligible, selected, rate, ratio=None, ci=(None, None), z=None, p=None, fisher=None, flag=None,
        min_eligible=30):  # fmt: skip
    return (group, eligible, selected, rate, ratio, *ci, z, p, fisher, flag, eligible < min_eligible, False)


def hidden(group, small=False):
    return (group, *HIDDEN, small, True)


DISPARITY = [
    # Promotion FY2024 by race/ethnicity. White 40 of 200 = 0.2000 is the highest rate with 30+ eligible (Not
    # reported's 11 of 35 = 0.3143 is higher, but it is never the reference).
    *breakdown(2024, "promotion", "race_ethnicity", "White", [
        row("American Indian or Alaska Native", 0, 0, None),
        # 12/150 = 0.08; 0.08 / 0.2 = 0.4: adverse impact (z-test: every expected cell is 5 or more)
        row("Asian", 150, 12, 0.08, 0.4, (0.2175, 0.7357), -3.1237, 0.001786, 0.00216, "adverse impact"),
        # 16/120 = 0.1333; 0.1333 / 0.2 = 0.6667, p 0.128643: four-fifths only
        row("Black or African American", 120, 16, 0.1333, 0.6667, (0.3909, 1.1369), -1.5195, 0.128643, 0.170968,
            "four-fifths only"),
        # 0 of 25: ratio 0, no Katz interval; an expected cell 25 x 40 / 225 = 4.4 is below 5, so Fisher decides
        row("Hispanic or Latino", 25, 0, 0.0, 0.0, (None, None), -2.466, 0.013664, 0.010108, "adverse impact"),
        hidden("Middle Eastern or North African", small=True),  # 5 eligible
        hidden("Native Hawaiian or Pacific Islander", small=True),  # 8 eligible
        row("White", 200, 40, 0.2, 1.0, flag="no impact"),
        row("Multiracial", 0, 0, None),
        (*row("Not reported", 35, 11, 0.3143)[:-2], False, False),
    ]),
    # Promotion FY2024 by sex: no one promoted in a group of 30+ eligible, so the reference Male (0 of 60, more
    # eligible than Female's 0 of 40) has rate 0: no impact ratio, interval or flag; z, p and Fisher still published
    *breakdown(2024, "promotion", "sex", "Male", [
        # 0 of 40 against 0 of 60: no variance, no z; Fisher's p is 1 and decides (the selected column is 0 < 5)
        row("Female", 40, 0, 0.0, fisher=1.0),
        row("Male", 60, 0, 0.0),
        # 11 of 11 against 0 of 60: an expected cell 11 x 11 / 71 = 1.7 is below 5, so Fisher's p (3.9e-13) decides
        row("Nonbinary", 11, 11, 1.0, z=8.4261, p=0.0, fisher=0.0),
        row("Not reported", 0, 0, None),
    ]),
    # Retention FY2024 by sex: Male 940 of 1,000 = 0.94 is the reference
    *breakdown(2024, "retention", "sex", "Male", [
        # 900/1000 = 0.9; 0.9 / 0.94 = 0.9574: at least four-fifths, but p 0.000978
        row("Female", 1000, 900, 0.9, 0.9574, (0.9329, 0.9826), -3.2969, 0.000978, 0.001247, "significant only"),
        row("Male", 1000, 940, 0.94, 1.0, flag="no impact"),
        # 12 of 12 = 1.0 is higher, but 12 eligible are too few for a reference; the not-selected expected cell
        # 12 x 72 / 1,012 = 0.85 is below 5: Fisher's 1.000000 decides
        row("Nonbinary", 12, 12, 1.0, 1.0638, (1.0473, 1.0806), 0.8749, 0.381651, 1.0, "no impact"),
        row("Not reported", 0, 0, None),
    ]),
    # Training FY2025 (year to date) by sex: the reference Female 34 of 40 is hidden (6 not selected), so Not
    # reported (15 of 30) is hidden with it; Male's rate 30/50 = 0.6 stays, its comparison does not
    *breakdown(2025, "training_participation", "sex", "Female", [
        hidden("Female"), row("Male", 50, 30, 0.6), row("Nonbinary", 0, 0, None), hidden("Not reported"),
    ]),
    # Training FY2025 by race/ethnicity: no group but Not reported has 30 eligible: no reference group
    *breakdown(2025, "training_participation", "race_ethnicity", None, [
        row("Asian", 20, 20, 1.0), row("White", 25, 25, 1.0), (*row("Not reported", 45, 45, 1.0)[:-2], False, False),
    ]),
]  # fmt: skip
# Published with EQUITY_SMALL_CELL_THRESHOLD=5 and EQUITY_DISPARITY_MIN_ELIGIBLE=20: promotion FY2024 by sex.
SMALL_SETTINGS_DISPARITY = breakdown(2024, "promotion", "sex", "Male", [
    # 6/15 = 0.4; 0.4 / 0.6 = 0.6667, p 0.241374 (every expected cell 5 or more: 15 x 17 / 35 = 7.3); 15 < 20 eligible
    row("Female", 15, 6, 0.4, 0.6667, (0.3259, 1.3637), -1.1716, 0.241374, 0.31453, "four-fifths only",
        min_eligible=20),
    # 12 of 20 = 0.6: a reference with 20 eligible (under the default 30 it could not be one)
    row("Male", 20, 12, 0.6, 1.0, flag="no impact", min_eligible=20),
    hidden("Nonbinary", small=True),  # 3 eligible
    hidden("Not reported", small=True),  # 11 eligible, 6 selected: 5 not selected
])  # fmt: skip
SOURCE = ("Fixture Census & Survey", 2020)


def rep(fy, category, dimension, group, employees, share, hires, hire_share, population, wpi, hpi, response):
    as_of, complete = (dt.date(2024, 12, 31), True) if fy == 2024 else (dt.date(2025, 6, 30), False)
    cited = SOURCE if population is not None else (None, None)
    return (fy, as_of, complete, category, dimension, group, employees, share, hires, hire_share, population, wpi,
            hpi, response, employees is None, hires is None, employees is None or hires is None, *cited)  # fmt: skip


# FY2024, all categories: 450 employees, 400 answered race (88.89%); 45 hires, 40 answered
REPRESENTATION = [
    # White 300/400 = 0.75 against 0.6: parity 1.25; hires 30/40 = 0.75, parity 1.25
    rep(2024, "ALL", "race", "White", 300, 0.75, 30, 0.75, 0.6, 1.25, 1.25, 0.8889),
    # Asian 60/400 = 0.15, parity 0.15 / 0.1 = 1.5; 6 hires: suppressed
    rep(2024, "ALL", "race", "Asian", 60, 0.15, None, None, 0.1, 1.5, None, 0.8889),
    # Black 40/400 = 0.1, parity 0.1 / 0.12 = 0.8333; 4 hires: suppressed
    rep(2024, "ALL", "race", "Black or African American", 40, 0.1, None, None, 0.12, 0.8333, None, 0.8889),
    rep(2024, "ALL", "race", "Two or More Races", 0, 0.0, 0, 0.0, 0.18, 0.0, 0.0, 0.8889),
    rep(2024, "ALL", "race", "Not reported", 50, None, None, None, None, None, None, 0.8889),
    # 420 of 450 answered (93.33%): Hispanic 42/420 = 0.1 against 0.09, parity 1.1111; hires 12/40 = 0.3, 3.3333
    rep(2024, "ALL", "hispanic_ethnicity", "Hispanic or Latino", 42, 0.1, 12, 0.3, 0.09, 1.1111, 3.3333, 0.9333),
    rep(2024, "ALL", "hispanic_ethnicity", "Not Hispanic or Latino", 378, 0.9, 28, 0.7, 0.91, 0.989, 0.7692, 0.9333),
    rep(2024, "ALL", "sex", "Female", 200, 0.5, 20, 0.5, None, None, None, 0.8889),
    rep(2024, "ALL", "sex", "Male", 200, 0.5, 20, 0.5, None, None, None, 0.8889),
    rep(2024, "ALL", "sex", "Not reported", 50, None, None, None, None, None, None, 0.8889),
    rep(2024, "Protective Service Workers", "race", "White", 100, 1.0, 0, 0.0, 0.6, 1.6667, 0.0, 1.0),
    rep(2025, "ALL", "race", "White", 310, 1.0, 12, 1.0, 0.6, 1.6667, 1.6667, 1.0),
]


def make_published(
    path: Path,
    *,
    tables: bool = True,
    rows: bool = True,
    disparity: list[tuple] = DISPARITY,
    representation: list[tuple] = REPRESENTATION,
) -> Path:
    """The file: the base tables, and (unless `tables` is false) the workforce tables, with `rows` the rows."""
    with duckdb.connect(str(path)) as con:
        create_report_base(
            con,
            "select fy as fiscal_year, q as fiscal_quarter, (make_date(fy, 3 * q, 1) + interval 1 month "
            "- interval 1 day)::date as quarter_end_date from range(2023, 2026) t(fy), range(1, 5) u(q) "
            "where fy < 2025 or q <= 2",
        )
        if not tables:
            return path
        con.execute(f"create table workforce_disparity ({DISPARITY_COLUMNS})")
        con.execute(f"create table workforce_representation ({REPRESENTATION_COLUMNS})")
        for table, table_rows in (("workforce_disparity", disparity), ("workforce_representation", representation)):
            if rows and table_rows:  # executemany refuses an empty list
                con.executemany(f"insert into {table} values ({', '.join('?' * len(table_rows[0]))})", table_rows)
    return path


def section(published: Path, fiscal_year: int) -> str:
    page = render(read_published(published, "America/Anchorage"), fiscal_year)
    assert page.count("<h2 id='workforce'>Workforce Equity</h2>") == 1
    return page[page.index("<h2 id='workforce'>") :]


def part(html: str, heading: str) -> str:
    """From an <h4> heading to the end of its table."""
    start = html.index(f"<h4>{heading}</h4>")
    return html[start : html.index("</table>", start)]


def cells(html: str, group: str) -> list[str]:
    """The cells of the table row whose first cell starts with `group`, tags removed."""
    found = re.search(rf"<tr><td>(?:<strong>)?{re.escape(group)}.*?</tr>", html).group(0)
    return [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", found)]
