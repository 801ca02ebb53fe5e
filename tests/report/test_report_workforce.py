"""The report's Workforce Equity section, read from the hand-made published file of tests.report.workforce_fixture
(its rows and the hand-checkable figures behind them are there)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import dagster as dg
import pytest

from equity_pipeline.report.pvr import read_published, render, write_reports
from equity_pipeline.report.workforce_disparity import GROUP_ORDER, Disparity, fisher_decides
from tests.report.workforce_fixture import (
    DISPARITY,
    SMALL_SETTINGS_DISPARITY,
    cells,
    make_published,
    part,
    section,
)


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    return make_published(tmp_path_factory.mktemp("workforce") / "published.duckdb")


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


def test_a_reference_rate_of_0_leaves_no_ratio_but_the_tests(published):
    html = section(published, 2024)
    table = part(html, "Promotion by sex")
    assert "Reference group: <strong>Male</strong>, the highest rate (0.00%) among groups with at least 30 " \
        "eligible. No one in it was selected: no impact ratio (a rate / 0) or flag" in table  # fmt: skip
    no_ratio = "no impact ratio: the reference group's rate is 0"
    assert cells(table, "Male") == ["Male (reference)", "60", "0", "0.00%", "", "", no_ratio]
    # 0 of 40 against 0 of 60: the z-test has no variance, Fisher's p is 1 and the one used (a column of 0)
    assert cells(table, "Female") == ["Female", "40", "0", "0.00%", "", "1.000000 (Fisher exact)", no_ratio]
    # 11 of 11 against 0 of 60: Fisher's 3.9e-13, published as 0.000000 ("<" escaped: text, not a tag)
    assert cells(table, "Nonbinary") == [
        "Nonbinary", "11", "11", "100.00%", "", "&lt; 0.000001 (Fisher exact)",
        f"{no_ratio}; too few to conclude (fewer than 30 eligible)",
    ]  # fmt: skip
    # the chart draws the rates but no four-fifths line (four-fifths of 0 is 0)
    svg = html.split("<h4>Promotion by sex</h4>")[1].split("</svg>")[0]
    assert "stroke-dasharray" not in svg and "<line" not in svg
    assert ">reference rate (Male) 0.00%: no impact ratio, no four-fifths line</text>" in svg
    assert re.search(r"<rect [^>]*><title>Nonbinary: 100.00% \(11 of 11\)</title>", svg)


def test_the_words_name_the_thresholds_the_tables_were_published_with(tmp_path):
    # EQUITY_SMALL_CELL_THRESHOLD=5, EQUITY_DISPARITY_MIN_ELIGIBLE=20, through the pipeline's report asset
    from equity_pipeline.defs.publish import pvr_report
    from equity_pipeline.resources import EquitySettings

    make_published(tmp_path / "published.duckdb", disparity=SMALL_SETTINGS_DISPARITY, representation=[])
    settings = EquitySettings(warehouse_dir=str(tmp_path), small_cell_threshold="5", disparity_min_eligible="20")
    result = dg.materialize([pvr_report], instance=dg.DagsterInstance.ephemeral(), resources={"settings": settings})
    assert result.success
    html = (tmp_path / "reports" / "pvr_2024.html").read_text(encoding="utf-8")
    assert "The reference group is the group with the highest rate among those with at least 20 eligible;" in html
    assert (
        "<em>Too few to conclude</em>: fewer than 20 eligible. Suppressed (5 or fewer people, or hidden with such a "
        "row): a count of 1 to 5 people (eligible, selected, not selected, or the hires or retirements"
    ) in html
    table = part(html, "Promotion by sex")
    assert "Reference group: <strong>Male</strong>, the highest rate (60.00%) among groups with at least 20" in table
    assert cells(table, "Female") == [
        "Female", "15", "6", "40.00%", "0.6667 (0.3259 to 1.3637)", "0.241374 (z-test)",
        "four-fifths only; too few to conclude (fewer than 20 eligible)",
    ]  # fmt: skip
    assert cells(table, "Male")[-1] == "no impact"  # 20 eligible: not too few
    assert cells(table, "Nonbinary") == ["Nonbinary", "suppressed (5 or fewer people, or hidden with such a row)"]
    for default in ("at least 30", "fewer than 30", "10 or fewer", "1 to 10 "):
        assert default not in html


def test_a_threshold_of_0_says_nothing_is_suppressed(tmp_path):
    # breakdowns with no hidden row, as a threshold of 0 publishes them
    rows = [r for r in DISPARITY if r[1] == "promotion" and r[2] == "sex"]
    path = make_published(tmp_path / "published.duckdb", disparity=rows, representation=[])
    html = render(read_published(path, "UTC", small_cell_threshold=0, disparity_min_eligible=30), 2024)
    assert "fewer than 30 eligible. No count is suppressed: the small-cell threshold is 0.</p>" in html
    assert "1 to 0" not in html and "0 or fewer" not in html
