"""The report's Workforce Equity section, read from a hand-made published file.

Calendar fiscal years FY2023-FY2025; FY2025 is published to its Q2 (2025-06-30), so it is year to date. No
workforce row for FY2023. The disparity rows are what the model publishes for the counts chosen below: the rate,
ratio and interval are checkable by hand (written in the comments); the z-test and Fisher p-values are scipy's
(norm.sf, fisher_exact) for those counts, as the model computes them, rounded as published.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import duckdb
import pytest

from equity_pipeline.report.pvr import read_published, render, write_reports
from equity_pipeline.report.workforce_disparity import GROUP_ORDER, Disparity, fisher_decides
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


def row(group, eligible, selected, rate, ratio=None, ci=(None, None), z=None, p=None, fisher=None, flag=None):
    return (group, eligible, selected, rate, ratio, *ci, z, p, fisher, flag, eligible < 30, False)


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


def make_published(path: Path, *, tables: bool = True, rows: bool = True) -> Path:
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
        if rows:
            con.executemany(f"insert into workforce_disparity values ({', '.join('?' * 18)})", DISPARITY)
            con.executemany(f"insert into workforce_representation values ({', '.join('?' * 19)})", REPRESENTATION)
    return path


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    return make_published(tmp_path_factory.mktemp("workforce") / "published.duckdb")


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


def test_each_group_shows_its_rate_ratio_interval_and_p_as_published(published):
    table = part(section(published, 2024), "Promotion by race/ethnicity")
    assert cells(table, "Asian") == [
        "Asian", "150", "12", "8.00%", "0.4000 (0.2175 to 0.7357)", "0.001786 (z-test)", "adverse impact",
    ]  # fmt: skip
    assert cells(table, "Black or African American") == [
        "Black or African American", "120", "16", "13.33%", "0.6667 (0.3909 to 1.1369)", "0.128643 (z-test)",
        "four-fifths only",
    ]  # fmt: skip
    # no one selected: no interval; an expected cell below 5, so Fisher's p is the one used; 25 eligible
    assert cells(table, "Hispanic or Latino") == [
        "Hispanic or Latino", "25", "0", "0.00%", "0.0000 (no interval: none selected)", "0.010108 (Fisher exact)",
        "adverse impact; too few to conclude (fewer than 30 eligible)",
    ]  # fmt: skip
    # nobody eligible: no rate (not 0%), no comparison, no small-number warning to make
    assert cells(table, "American Indian or Alaska Native") == [
        "American Indian or Alaska Native", "0", "0", "", "", "", "no one eligible",
    ]  # fmt: skip
    # the groups in the seed's order
    order = [table.index(f"<tr><td>{g}") for g in ("American Indian", "Asian", "Black", "Hispanic", "Middle")]
    assert order == sorted(order)


def test_the_reference_group_is_marked_and_not_reported_is_apart(published):
    html = section(published, 2024)
    table = part(html, "Promotion by race/ethnicity")
    assert "Reference group: <strong>White</strong>, the highest rate (20.00%) among groups with at least 30" in table
    assert cells(table, "White") == ["White (reference)", "200", "40", "20.00%", "1.0000 (reference)", "", "no impact"]
    # Not reported's 31.43% is the highest, yet it is counted apart, never compared
    assert "<tfoot><tr><td>Not reported (excluded from the comparison)</td><td>35</td><td>11</td><td>31.43%</td>" \
        "<td colspan='3'></td></tr></tfoot>" in table  # fmt: skip
    assert "(reference)" not in table.split("<tfoot>")[1]


def test_flags_are_explained_in_plain_words(published):
    html = section(published, 2024)
    assert (
        "<li><strong>adverse impact</strong>: the rate is below four-fifths of the reference group's and the "
        "difference is unlikely to be chance (p &lt; 0.05).</li>"
    ) in html
    assert "<strong>four-fifths only</strong>: the rate is below four-fifths of the reference group's, but with " \
        "these numbers the difference could be chance" in html  # fmt: skip
    assert "<strong>significant only</strong>: the rate is at least four-fifths" in html
    # the flag cell carries its words too
    assert "<span title='the rate is below four-fifths of the reference group&#x27;s and the difference" in html
    # retention: Female 0.9 / 0.94 = 0.9574 is above four-fifths but p 0.000978; Nonbinary is too few to conclude
    table = part(html, "Retention by sex")
    assert cells(table, "Female")[4:] == ["0.9574 (0.9329 to 0.9826)", "0.000978 (z-test)", "significant only"]
    assert cells(table, "Nonbinary")[4:] == [
        "1.0638 (1.0473 to 1.0806)", "1.000000 (Fisher exact)",
        "no impact; too few to conclude (fewer than 30 eligible)",
    ]  # fmt: skip


def test_a_suppressed_row_prints_no_number(published):
    table = part(section(published, 2024), "Promotion by race/ethnicity")
    for group in ("Middle Eastern or North African", "Native Hawaiian or Pacific Islander"):
        assert cells(table, group) == [group, "suppressed (10 or fewer people, or hidden with such a row)"]
    assert "<td style='text-align:left' colspan='6'>suppressed" in table
    # and the chart writes it, drawing no bar
    svg = section(published, 2024).split("<h4>Promotion by race/ethnicity</h4>")[1].split("</svg>")[0]
    assert ">suppressed<title>Native Hawaiian or Pacific Islander: suppressed</title></text>" in svg
    assert not re.search(r"<rect [^>]*><title>Native Hawaiian", svg)


def test_the_chart_draws_the_reference_rate_and_the_four_fifths_line(published):
    svg = section(published, 2024).split("<h4>Promotion by race/ethnicity</h4>")[1].split("</svg>")[0]
    # axis 0-20% (the highest compared rate, 20%) over 310 px from x = 250: the reference 20% at 250 + 310 = 560,
    # four-fifths of it, 16%, at 250 + 310 x 0.16 / 0.2 = 498
    assert re.search(r'<line x1="560.0" y1="\d+" x2="560.0"[^>]*><title>reference rate \(White\): 20.00%', svg)
    assert re.search(r'<line x1="498.0" y1="\d+" x2="498.0"[^>]*stroke-dasharray[^>]*><title>four-fifths of the '
                     r"reference rate: 16.00%", svg)  # fmt: skip
    # Asian's 8% bar is 310 x 0.08 / 0.2 = 124 px long, and its flag is written beside it
    assert re.search(r'<rect x="250" y="\d+" width="124.0"[^>]*><title>Asian: 8.00% \(12 of 150\)</title>', svg)
    assert ">8.00% adverse impact</text>" in svg
    # Not reported is not compared: no bar
    assert "Not reported" not in svg


def test_a_suppressed_reference_hides_every_comparison_but_not_the_rates(published):
    table = part(section(published, 2025), "Training participation by sex")
    assert "Reference group: <strong>Female</strong>. Its figures are suppressed, so no impact ratio" in table
    assert cells(table, "Female")[1:] == ["suppressed (10 or fewer people, or hidden with such a row)"]
    assert cells(table, "Male") == ["Male", "50", "30", "60.00%", "", "", "no comparison (the reference group is "
                                    "suppressed)"]  # fmt: skip
    assert "Not reported (excluded from the comparison)</td><td style='text-align:left' colspan='6'>suppressed" in table
    svg = section(published, 2025).split("<h4>Training participation by sex</h4>")[1].split("</svg>")[0]
    assert "four-fifths" not in svg and "reference rate" not in svg


def test_a_breakdown_without_a_reference_group_says_so(published):
    table = part(section(published, 2025), "Training participation by race/ethnicity")
    assert "No group (other than Not reported) has 30 or more eligible: there is no reference group" in table
    assert cells(table, "White")[4:] == ["", "", "no comparison (no reference group); too few to conclude (fewer "
                                         "than 30 eligible)"]  # fmt: skip


def test_the_current_year_is_labelled_year_to_date(published):
    fy2025 = section(published, 2025)
    assert "<p class='meta'>FY2025, year to date: the fiscal year is not over." in fy2025
    assert "<h3>Training participation, FY2025 (year to date)</h3>" in fy2025
    assert "<h3>Employees and hires against the community, FY2025 (year to date)</h3>" in fy2025
    assert "Employees on 2025-06-30; hires from the fiscal year's first day to 2025-06-30" in fy2025
    fy2024 = section(published, 2024)
    assert "year to date" not in fy2024 and "<h3>Promotion, FY2024</h3>" in fy2024


def test_the_representation_table_against_the_community(published):
    html = section(published, 2024)
    everyone = html[html.index("<h3>Employees and hires") : html.index("<details>")]
    assert "<tr><th colspan='8'>Race (2020 Census scheme): 88.89% of employees answered</th></tr>" in everyone
    assert cells(everyone, "White") == ["White", "300", "75.00%", "30", "75.00%", "60.00%", "1.2500", "1.2500"]
    # 6 Asian hires are suppressed: no hire figure, the workforce figures stay
    assert cells(everyone, "Asian") == ["Asian", "60", "15.00%", "suppressed", "suppressed", "10.00%", "1.5000", ""]
    assert cells(everyone, "Black or African American")[6] == "0.8333"
    assert cells(everyone, "Not reported") == ["Not reported", "50", "excluded", "suppressed", "suppressed", "", "",
                                               ""]  # fmt: skip
    # largest community share first, Not reported last
    assert everyone.index("<td>White") < everyone.index("<td>Two or More") < everyone.index("<td>Asian")
    # sex: no community figures
    assert cells(everyone.split("Sex: ")[1], "Female") == ["Female", "200", "50.00%", "20", "50.00%", "", "", ""]
    assert "Community shares: Fixture Census &amp; Survey, 2020." in everyone
    assert "<th colspan='8'>Hispanic or Latino ethnicity: 93.33% of employees answered</th>" in everyone
    assert cells(everyone, "Hispanic or Latino") == ["Hispanic or Latino", "42", "10.00%", "12", "30.00%", "9.00%",
                                                     "1.1111", "3.3333"]  # fmt: skip
    # race, then Hispanic ethnicity, then sex
    assert everyone.index("Race (2020") < everyone.index("Hispanic or Latino ethnicity:") < everyone.index("Sex: ")
    assert "it is not a selection rate" in everyone and "the exports hold no applicants" in everyone
    # each category collapsed below; its own shares
    details = html[html.index("<details>") :]
    assert "<h4>Protective Service Workers</h4>" in details and "<td>White</td><td>100</td><td>100.00%</td>" in details


def test_a_year_without_workforce_rows_says_so(published):
    assert "<h2 id='workforce'>Workforce Equity</h2><p>No workforce figures were published for FY2023.</p>" in (
        section(published, 2023)
    )


@pytest.mark.parametrize("kind", ["no workforce tables", "empty workforce tables"])
def test_no_section_without_workforce_data(tmp_path, kind):
    path = make_published(tmp_path / "published.duckdb", tables=kind == "empty workforce tables", rows=False)
    written = write_reports(path, tmp_path / "reports", timezone="America/Anchorage")
    assert len(written) == 4
    for report in written:
        text = report.read_text(encoding="utf-8")
        assert "Workforce Equity" not in text and "Training Sessions" in text


def test_written_reports_hold_the_section_and_nothing_external(published, tmp_path):
    written = {p.name: p.read_text(encoding="utf-8") for p in write_reports(published, tmp_path / "r", timezone="UTC")}
    assert written["pvr_latest.html"] == written["pvr_2025.html"]
    for text in written.values():
        assert "<h2 id='workforce'>Workforce Equity</h2>" in text
        assert "http://" not in text and "https://" not in text and "<script" not in text and "src=" not in text


@pytest.mark.parametrize(
    ("a", "n1", "expected"),
    [
        # the reference 40 of 200; the smallest expected cell is the smaller row x the selected column / N
        (0, 25, True),  # 25 x (0 + 40) / 225 = 4.44
        (5, 25, False),  # 25 x 45 / 225 = 5 exactly: not below 5
        (0, 28, True),  # 28 x 40 / 228 = 4.91
        (1, 28, False),  # 28 x 41 / 228 = 5.04
        (16, 120, False),  # 120 x 56 / 320 = 21
    ],
)
def test_fisher_decides_when_an_expected_cell_is_below_5(a, n1, expected):
    reference = Disparity(2024, "promotion", "sex", "Male", 200, 40, 0.2, "Male", *(None,) * 7, False, False, True)
    row = reference._replace(group_name="Female", eligible=n1, selected=a)
    assert fisher_decides(row, reference) is expected


def test_groups_are_shown_in_the_seeds_order():
    # the published table carries no order: the report keeps its own copy of the seed's, which must not drift
    seed = Path(__file__).parents[2] / "dbt_project" / "seeds" / "disparity_groups.csv"
    with seed.open(encoding="utf-8") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: (int(r["dimension_order"]), int(r["group_order"])))
    for dimension in ("race_ethnicity", "sex"):
        groups = [r["group_name"] for r in rows if r["dimension"] == dimension]
        assert [g for g in GROUP_ORDER if g in groups] == groups  # each of them, in its order
