"""The report's Language Access section, read from a hand-made published file.

The fixture's fiscal year starts in July (FY2025 = July 2024 to June 2025), so the section must take its months
from pvr_quarterly's calendar, not the calendar year. pvr_quarterly holds FY2023 to FY2026 (FY2026 to its Q2,
2025-12-31). Language data: FY2023 none at all; FY2024 only Cancelled requests (safe-harbor rows, no monthly
row); FY2025 July 2024 and June 2025; FY2026 July 2025. Every figure asserted is computed by hand in a comment.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from equity_pipeline.report.pvr import read_published, render, write_reports
from tests.report.published_file import create_report_base

JUL24, JUN25, JUL25 = dt.date(2024, 7, 1), dt.date(2025, 6, 1), dt.date(2025, 7, 1)
MONTHLY_COLUMNS = (
    "month date, department_code varchar, language_code varchar, language_name varchar, requests bigint, "
    "fulfilled bigint, fulfillment_rate double, on_time_rate double, median_response_hours double, "
    "interpretation_minutes bigint, words_translated bigint, cost decimal(14, 2), fulfilled_on_time bigint, "
    "fulfilled_with_needed_by bigint"
)
SAFE_HARBOR_COLUMNS = (
    "fiscal_year integer, language_code varchar, language_name varchar, lep_population bigint, safe_harbor boolean, "
    "vital_translations_fulfilled bigint, status varchar, requests bigint, requests_per_1000_lep double"
)
ANNUAL_COLUMNS = (
    "fiscal_year integer, language_code varchar, language_name varchar, requests bigint, fulfilled bigint, "
    "fulfillment_rate double, on_time_rate double, median_response_hours double, fulfilled_on_time bigint, "
    "fulfilled_with_needed_by bigint"
)
# The year's rows, consistent with the monthly ALL rows below. FY2025 Spanish: July's 3 fulfilled took 1, 2 and
# 3 hours (their median 2.0), June's 5 took 3, 5, 6, 7 and 9: the year's 8 sorted 1 2 3 3 5 6 7 9, median 4.0.
ANNUAL_ROWS = [
    (2025, "spa", "Spanish", 9, 8, 0.8889, 0.7143, 4.0, 5, 7),
    (2025, "kor", "Korean", 2, 1, 0.5, None, 30.0, 0, 0),
    (2026, "spa", "Spanish", 1, 0, 0.0, None, None, 0, 0),
    (2026, "ase", "American Sign Language", 1, 1, 1.0, 1.0, 1.25, 1, 1),
]
SPA, KOR, ASE = ("spa", "Spanish"), ("kor", "Korean"), ("ase", "American Sign Language")
# month, department, language, requests, fulfilled, fulfillment rate, on-time rate, median hours, minutes, words, cost,
# fulfilled on time, fulfilled with a needed-by date (the on-time rate's counts)
DEPARTMENT_ROWS = [
    (JUL24, "POL", *SPA, 3, 3, 1.0, 1.0, 2.0, 90, 0, Decimal("120.00"), 3, 3),
    # POL's 4 fulfilled took 5, 6, 7 and 9 hours: median 6.5
    (JUN25, "POL", *SPA, 5, 4, 0.8, 0.5, 6.5, 200, 0, Decimal("200.50"), 2, 4),
    # P&Z's one took 3 hours; the name needs escaping
    (JUN25, "P&Z", *SPA, 1, 1, 1.0, None, 3.0, 0, 300, Decimal("40.00"), 0, 0),
    (JUN25, "P&Z", *KOR, 2, 1, 0.5, None, 30.0, 0, 1200, Decimal("80.25"), 0, 0),
    (JUL25, "POL", *SPA, 1, 0, 0.0, None, None, 0, 0, Decimal("0.00"), 0, 0),
    (JUL25, "POL", *ASE, 1, 1, 1.0, 1.0, 1.25, 60, 0, Decimal("75.00"), 1, 1),
]
ALL_ROWS = [
    (JUL24, "ALL", *SPA, 3, 3, 1.0, 1.0, 2.0, 90, 0, Decimal("120.00"), 3, 3),
    # June 2025 Spanish over both departments: 6 requests, 5 fulfilled taking 3, 5, 6, 7, 9 hours: median 6.0
    (JUN25, "ALL", *SPA, 6, 5, 0.8333, 0.5, 6.0, 200, 300, Decimal("240.50"), 2, 4),
    (JUN25, "ALL", *KOR, 2, 1, 0.5, None, 30.0, 0, 1200, Decimal("80.25"), 0, 0),
    (JUL25, "ALL", *SPA, 1, 0, 0.0, None, None, 0, 0, Decimal("0.00"), 0, 0),
    (JUL25, "ALL", *ASE, 1, 1, 1.0, 1.0, 1.25, 60, 0, Decimal("75.00"), 1, 1),
]
REFERENCE = [("spa", "Spanish", 3100, True), ("kor", "Korean", 1400, True), ("ara", "Arabic", 90, False),
             ("und", "Other and unspecified", 0, False)]  # fmt: skip
# fiscal year: language code -> (vital translations fulfilled, requests), consistent with the monthly rows
SAFE_HARBOR = {
    2024: {},  # only Cancelled requests: the grid starts here, every figure 0
    2025: {"spa": (1, 9), "kor": (0, 2)},  # Spanish 3 + 6 requests; Korean 2
    2026: {"spa": (0, 1)},  # ASL's request belongs to no row
}


def safe_harbor_rows() -> list[tuple]:
    rows = []
    for fiscal_year, figures in SAFE_HARBOR.items():
        for code, name, lep, harbor in REFERENCE:
            vital, requests = figures.get(code, (0, 0))
            status = "not required" if not harbor else "met" if vital else "gap"
            per_1000 = None if lep == 0 else round(requests / lep * 1000, 4)
            rows.append((fiscal_year, code, name, lep, harbor, vital, status, requests, per_1000))
    return rows


def make_published(path: Path, *, tables: bool = True, rows: bool = True) -> Path:
    """A published-like file: what read_published selects, and (optionally) the two language tables."""
    with duckdb.connect(str(path)) as con:
        # July start: FY quarter q ends 3q months after July 1 of the year before, less a day (FY2025 Q1: 2024-09-30)
        create_report_base(
            con,
            "select fy as fiscal_year, q as fiscal_quarter, (make_date(fy - 1, 7, 1) + to_months(3 * q) "
            "- interval 1 day)::date as quarter_end_date from range(2023, 2027) t(fy), range(1, 5) u(q) "
            "where fy < 2026 or q <= 2",
        )
        if not tables:
            return path
        con.execute(f"create table language_access_monthly ({MONTHLY_COLUMNS})")
        con.execute(f"create table language_access_safe_harbor ({SAFE_HARBOR_COLUMNS})")
        con.execute(f"create table language_access_annual ({ANNUAL_COLUMNS})")
        if not rows:
            return path
        con.executemany(f"insert into language_access_annual values ({', '.join('?' * 10)})", ANNUAL_ROWS)
        monthly = DEPARTMENT_ROWS + ALL_ROWS
        con.executemany(f"insert into language_access_monthly values ({', '.join('?' * 14)})", monthly)
        con.executemany(f"insert into language_access_safe_harbor values ({', '.join('?' * 9)})", safe_harbor_rows())
    return path


@pytest.fixture
def published(tmp_path: Path) -> Path:
    return make_published(tmp_path / "published.duckdb")


def section(published: Path, fiscal_year: int) -> str:
    page = render(read_published(published, "America/Anchorage"), fiscal_year)
    assert page.count("<h2 id='language'>Language Access</h2>") == 1
    return page[page.index("<h2 id='language'>") :]


def test_fulfillment_by_department_is_recomputed_from_the_years_counts(published):
    html = section(published, 2025)
    # POL: July 2024 3 of 3 + June 2025 4 of 5 = 7 of 8 = 87.5%, half up 88% (not the months' rates' mean 90%)
    # on time: (3 + 2) of (3 + 4) fulfilled with a needed-by date = 5 of 7 = 71.4%, 71%
    assert "<tr><td>POL</td><td>8</td><td>7</td><td>88%</td><td>71%</td></tr>" in html
    # P&Z: Spanish 1 of 1 + Korean 1 of 2 = 2 of 3 = 67%; the code escaped
    assert "<tr><td>P&amp;Z</td><td>3</td><td>2</td><td>67%</td><td>no needed-by date</td></tr>" in html
    # the ALL rows are no department
    assert "<td>ALL</td>" not in html
    assert "<th>On-time rate</th>" in html


def test_months_follow_the_published_fiscal_calendar(published):
    # July 2025 starts FY2026: POL's Spanish (1, none fulfilled) and ASL (1, fulfilled) = 1 of 2 = 50%
    html = section(published, 2026)
    assert "<tr><td>POL</td><td>2</td><td>1</td><td>50%</td><td>100%</td></tr>" in html
    assert "months July 2025 to July 2025 holding a request" in html
    assert "months July 2024 to June 2025 holding a request" in section(published, 2025)


def test_requests_by_language_with_the_years_median_response(published):
    html = section(published, 2025)
    # Spanish: 3 + 6 = 9 requests, 3 + 5 = 8 fulfilled = 88.9% -> 89%; the year's median 4.0 (not the months' 2.0
    # and 6.0)
    assert "<tr><td>Spanish (spa)</td><td>9</td><td>8</td><td>89%</td><td>4.0</td></tr>" in html
    assert "<tr><td>Korean (kor)</td><td>2</td><td>1</td><td>50%</td><td>30.0</td></tr>" in html
    assert "<th>Median response, hours</th>" in html
    # Spanish first: most requests
    assert html.index("Spanish (spa)") < html.index("Korean (kor)")
    fy2026 = section(published, 2026)
    # ASL's one response 1.25 hours, half up to 1.3; Spanish had no fulfilled request in FY2026
    assert "<td>American Sign Language (ase)</td><td>1</td><td>1</td><td>100%</td><td>1.3</td>" in fy2026
    assert "<td>Spanish (spa)</td><td>1</td><td>0</td><td>0%</td><td>no fulfilled request</td>" in fy2026


def test_safe_harbor_table_highlights_a_gap_with_text_not_colour_alone(published):
    html = section(published, 2025)
    # Spanish: safe harbor, 1 vital translation fulfilled: met; 9 requests / 3,100 LEP x 1,000 = 2.9032 -> 2.90
    assert re.search(r"<tr><td>Spanish</td><td>3,100</td><td[^>]*>yes</td><td>1</td><td[^>]*>met</td>"
                     r"<td>9</td><td>2.90</td></tr>", html)  # fmt: skip
    # Korean: safe harbor, none fulfilled: a gap in bold red, with a title and words; 2 / 1,400 x 1,000 = 1.43
    korean = re.search(r"<tr><td>Korean</td>.*?</tr>", html).group(0)
    assert "color:#b2182b" in korean and "<strong>gap</strong>: no vital translation fulfilled" in korean
    assert "title='Safe-harbor language with no vital document translation fulfilled in FY2025'" in korean
    assert korean.endswith("<td>2</td><td>1.43</td></tr>")
    assert "<strong>1 safe-harbor language has a gap</strong> in FY2025" in html
    # Arabic is below the threshold: not required, not highlighted; no LEP population: no rate, not a 0
    arabic = re.search(r"<tr><td>Arabic</td>.*?</tr>", html).group(0)
    assert ">not required</td>" in arabic and "<strong>" not in arabic and "#b2182b" not in arabic
    unspecified = re.search(r"<tr><td>Other and unspecified</td>.*?</tr>", html).group(0)
    assert unspecified.startswith("<tr><td>Other and unspecified</td><td>0</td>")
    assert unspecified.endswith("<td>0</td><td>no LEP population</td></tr>")


def test_cost_is_summed_by_department_and_for_the_year(published):
    html = section(published, 2025)
    # POL 120.00 + 200.50 = 320.50 and 90 + 200 = 290 minutes; P&Z 40.00 + 80.25 = 120.25 and 300 + 1,200 words
    assert "<tr><td>POL</td><td>290</td><td>0</td><td>$320.50</td></tr>" in html
    assert "<tr><td>P&amp;Z</td><td>0</td><td>1,500</td><td>$120.25</td></tr>" in html
    # the year: 320.50 + 120.25 = 440.75
    assert "<h3>Cost, FY2025: $440.75</h3>" in html
    assert "<tr><th>All departments</th><th>290</th><th>1,500</th><th>$440.75</th></tr>" in html


def test_a_year_without_language_data_says_so(published):
    assert section(published, 2023) == (
        "<h2 id='language'>Language Access</h2><p>No language access request was published for FY2023.</p>\n"
        "</body></html>\n"
    )
    # FY2024 had only Cancelled requests: no monthly figures, but the safe-harbor languages are gaps
    fy2024 = section(published, 2024)
    assert "No language access request (other than Cancelled) was received in FY2024." in fy2024
    assert "<strong>2 safe-harbor languages have a gap</strong> in FY2024" in fy2024
    assert "Fulfillment by department" not in fy2024 and "Cost, FY2024" not in fy2024


@pytest.mark.parametrize("kind", ["no language tables", "empty language tables"])
def test_no_section_without_language_data(tmp_path, kind):
    path = make_published(tmp_path / "published.duckdb", tables=kind == "empty language tables", rows=False)
    written = write_reports(path, tmp_path / "reports", timezone="America/Anchorage")
    assert [p.name for p in written] == ["pvr_2023.html", "pvr_2024.html", "pvr_2025.html", "pvr_2026.html",
                                         "pvr_latest.html"]  # fmt: skip
    for report in written:
        text = report.read_text(encoding="utf-8")
        assert "Language Access" not in text and "Training Sessions" in text


def test_written_reports_hold_the_section_and_nothing_external(published, tmp_path):
    written = {p.name: p.read_text(encoding="utf-8") for p in write_reports(published, tmp_path / "r", timezone="UTC")}
    assert written["pvr_latest.html"] == written["pvr_2026.html"]
    assert "<h3>Cost, FY2026: $75.00</h3>" in written["pvr_latest.html"]  # ASL's 75.00 + Spanish's 0.00
    for text in written.values():
        assert "<h2 id='language'>Language Access</h2>" in text
        assert "http://" not in text and "https://" not in text and "<script" not in text and "src=" not in text


def test_a_gap_in_a_year_not_yet_over_is_a_gap_to_date(published):
    # The newest log month is July 2025: FY2025 (July 2024 - June 2025) is over, FY2026 has only begun.
    # FY2026: Spanish (safe harbor, 1 request, no vital translation) and Korean (none): 2 gaps so far
    fy2026 = section(published, 2026)
    assert "<strong>2 safe-harbor languages have a gap</strong> in FY2026 to date" in fy2026
    assert "(the fiscal year is not over)" in fy2026
    fy2025 = section(published, 2025)
    assert "in FY2025: no vital document translation was fulfilled.</p>" in fy2025
