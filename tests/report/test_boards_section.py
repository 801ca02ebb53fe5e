"""The report's Boards and Commissions section, read from a hand-made published file.

The fixture is what the pipeline would publish for four quarterly rosters (2024-06-30 ... 2025-12-31) and
fiscal years FY2023-FY2025 (January start): FY2023 has no roster, FY2024's last roster is 2024-12-31, and
FY2025 holds the newest. Its figures are chosen so that each shown figure can be checked by hand.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import duckdb
import pytest

from equity_pipeline.report import boards
from equity_pipeline.report.board_charts import Representation, trend_chart
from equity_pipeline.report.pvr import read_published, render, write_reports
from tests.report.published_file import create_report_base

D1, D2, D3, NEWEST = dt.date(2024, 6, 30), dt.date(2024, 12, 31), dt.date(2025, 6, 30), dt.date(2025, 12, 31)
SOURCE = "Fixture Census & Survey"
WHITE, ASIAN, MULTI = "White", "Asian", "Two or More Races"
AIAN, BLACK = "American Indian or Alaska Native", "Black or African American"
NHPI, OTHER = "Native Hawaiian or Pacific Islander", "Some Other Race"
# A hand-made reference (sums to 1): White 0.5 makes a members' share of 0.625 a parity of 1.25.
RACE_POPULATION = {WHITE: 0.5, ASIAN: 0.125, MULTI: 0.15, AIAN: 0.08, BLACK: 0.05, NHPI: 0.035, OTHER: 0.06}
# date: (members at that date, members per race group, groups the suppression hid)
RACE = {
    # 144 reported; Black 10 is hidden on its own, so the smallest other group above 0 (AIAN 12) is too
    D1: (180, {WHITE: 90, ASIAN: 18, MULTI: 14, AIAN: 12, BLACK: 10, NHPI: 0, OTHER: 0}, {BLACK, AIAN}),
    # 150 reported: White 90/150 = 0.6, parity 0.6 / 0.5 = 1.20
    D2: (190, {WHITE: 90, ASIAN: 20, MULTI: 15, AIAN: 13, BLACK: 7, NHPI: 5, OTHER: 0}, {BLACK, NHPI}),
    D3: (195, {WHITE: 96, ASIAN: 20, MULTI: 16, AIAN: 13, BLACK: 6, NHPI: 5, OTHER: 0}, {BLACK, NHPI}),
    # 160 reported of 200 members (response 80%): White 100/160 = 0.625, parity 0.625 / 0.5 = 1.25
    NEWEST: (200, {WHITE: 100, ASIAN: 20, MULTI: 16, AIAN: 13, BLACK: 6, NHPI: 5, OTHER: 0}, {BLACK, NHPI}),
}
REP_COLUMNS = (
    "as_of_date date, dimension varchar, group_name varchar, members integer, seat_share double, "
    "population_share double, parity_index double, response_rate double, suppressed boolean, "
    "population_source varchar, population_year integer"
)


def dimension_rows(day, dimension, counts, all_members, population=None, hidden=(), whole=False) -> list[tuple]:
    """One (date, dimension)'s published rows, computed as the semantics say (shares over who reported)."""
    reported = sum(counts.values())
    rows = []
    for group, members in counts.items():
        share = (population or {}).get(group)
        hide = whole or group in hidden
        rows.append((
            day, dimension, group, None if hide else members, None if hide else round(members / reported, 4),
            share, None if hide or share is None else round(members / reported / share, 4),
            None if whole else round(reported / all_members, 4), hide,
            SOURCE if share is not None else None, 2020 if share is not None else None,
        ))  # fmt: skip
    return rows


def roster_rows(day: dt.date) -> list[tuple]:
    all_members, race, hidden = RACE[day]
    reported = sum(race.values())
    return [
        *dimension_rows(day, "race", race, all_members, RACE_POPULATION, hidden),
        *dimension_rows(day, "hispanic_ethnicity", {"Hispanic or Latino": 12, "Not Hispanic or Latino": reported - 12},
                        all_members, {"Hispanic or Latino": 0.09, "Not Hispanic or Latino": 0.91}),
        # no reference for sex: members' shares only (Female 80/150 = 53.3%)
        *dimension_rows(day, "sex", {"Female": 80, "Male": 70, "Nonbinary": 0}, all_members),
        # everyone who reported an age is 65+ (7 people): the whole dimension is hidden, response rate too
        *dimension_rows(day, "age_band", {"18-24": 0, "25-34": 0, "35-44": 0, "45-54": 0, "55-64": 0, "65+": 7},
                        all_members, whole=True),
        *dimension_rows(day, "disability", {"Yes": 15, "No": 85}, all_members),
        *dimension_rows(day, "veteran", {"Yes": 20, "No": 80}, all_members),
    ]  # fmt: skip


def make_published(path: Path, *, board_tables: bool = True, board_rows: bool = True) -> Path:
    """A published-like file: what read_published selects, and (optionally) the four board tables."""
    with duckdb.connect(str(path)) as con:
        # calendar fiscal years FY2023-FY2025, every quarter
        create_report_base(
            con,
            "select fy as fiscal_year, q as fiscal_quarter, (make_date(fy, 3 * q, 1) + interval 1 month "
            "- interval 1 day)::date as quarter_end_date from range(2023, 2026) t(fy), range(1, 5) u(q)",
        )
        if not board_tables:
            return path
        con.execute(
            "create table board_seats (as_of_date date, board_code varchar, board_name varchar, seats integer, "
            "filled integer, holdover integer, vacant integer, vacancy_rate double, terms_ending_90d integer, "
            "days_since_oldest_vacancy integer)"
        )
        con.execute(f"create table board_representation ({REP_COLUMNS})")
        con.execute(f"create table board_representation_history ({REP_COLUMNS})")
        con.execute(
            "create table board_recruitment (as_of_date date, board_code varchar, board_name varchar, "
            "seat_id varchar, seat_type varchar, status varchar, term_end date, days_vacant integer, "
            "days_to_term_end integer)"
        )
        if not board_rows:
            return path
        pzc, lib = "Planning & Zoning Commission", "Library Advisory Board"
        # PZC: 9 seats, 6 filled + 1 holdover + 2 vacant; vacancy 2/9 = 0.2222; its older vacancy started at
        # the 2025-06-30 roster: 2025-12-31 - 2025-06-30 = 184 days
        con.executemany(
            "insert into board_seats values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(NEWEST, "PZC", pzc, 9, 6, 1, 2, 0.2222, 1, 184), (NEWEST, "LIB", lib, 7, 7, 0, 0, 0.0, 0, None)],
        )
        con.executemany(
            "insert into board_recruitment values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (NEWEST, "PZC", pzc, "S3", "At-Large", "Vacant", None, 184, None),
                (NEWEST, "PZC", pzc, "S7", "Assembly District 3", "Vacant", None, 0, None),
                # held over since 2025-11-30: 2025-11-30 - 2025-12-31 = -31
                (NEWEST, "PZC", pzc, "S5", "Industry", "Holdover", dt.date(2025, 11, 30), None, -31),
                # 2026-02-15 - 2025-12-31 = 31 (January) + 15 = 46
                (NEWEST, "PZC", pzc, "S2", None, "Term ending", dt.date(2026, 2, 15), None, 46),
            ],
        )
        history = [row for day in RACE for row in roster_rows(day)]
        con.executemany(f"insert into board_representation_history values ({', '.join('?' * 11)})", history)
        con.execute("insert into board_representation select * from board_representation_history "
                    "where as_of_date = (select max(as_of_date) from board_representation_history)")  # fmt: skip
    return path


@pytest.fixture
def published(tmp_path: Path) -> Path:
    return make_published(tmp_path / "published.duckdb")


def page(published: Path, fiscal_year: int) -> str:
    return render(read_published(published, "America/Anchorage"), fiscal_year)


def test_the_newest_years_report_has_the_board_table_as_of_the_newest_roster(published):
    html = page(published, 2025)
    assert "<h2 id='boards'>Boards and Commissions</h2>" in html
    assert "Board roster as of 2025-12-31" in html
    # 2 vacant of 9 seats: 22%; the board's name escaped
    assert (
        "<tr><td>Planning &amp; Zoning Commission</td><td>9</td><td>6</td><td>1</td><td>2</td><td>22%</td>"
        "<td>1</td><td>184</td></tr>"
    ) in html
    # no vacant seat: 0% and no oldest vacancy
    assert (
        "<tr><td>Library Advisory Board</td><td>7</td><td>7</td><td>0</td><td>0</td><td>0%</td><td>0</td><td></td>"
        in html
    )


def test_representation_bars_parity_response_rate_and_suppressed_groups(published):
    html = page(published, 2025)
    # White: 100 of the 160 who reported = 62.5% against 50.0%, parity 1.25; race response 160/200 = 80%
    assert "White, members: 62.5% of members who reported" in html and "White, community: 50.0%" in html
    assert ">1.25</text>" in html
    assert "Race (2020 Census scheme): 80% of members reported" in html
    # Black and NHPI are suppressed: said so, and no bar of members is drawn for them
    for group in (BLACK, NHPI):
        assert f"{group}, members: suppressed (small numbers)" in html
        assert not re.search(f"<rect [^>]*><title>{group}, members", html)
    # the community's bar of a suppressed group stays (population_share is not hidden): 5.0%
    assert "Black or African American, community: 5.0%" in html
    # Hispanic or Latino: 12/160 = 7.5% against 9.0%, parity 0.075 / 0.09 = 0.83
    assert "Hispanic or Latino, members: 7.5% of members who reported" in html and ">0.83</text>" in html
    assert "Community shares: Fixture Census &amp; Survey, 2020." in html


def test_other_dimensions_table_shows_members_shares_and_a_whole_dimension_suppressed(published):
    html = page(published, 2025)
    # sex: 150 of 200 reported (75%); Female 80/150 = 53.3%, no community share in the reference
    assert "<th colspan='3'>Sex: 75% of members reported</th>" in html
    assert "<tr><td>Female</td><td>53.3%</td><td></td></tr>" in html
    # age band: everyone who answered is 65+, so the whole dimension and its response rate are hidden
    assert "<th colspan='3'>Age band: response rate suppressed (small numbers)</th>" in html
    assert "<tr><td>65+</td><td>suppressed (small numbers)</td><td></td></tr>" in html


def test_recruitment_list_days_vacant_and_past_term_end(published):
    html = re.sub(r" style='[^']*'", "", page(published, 2025))  # the cells' alignment is not the point here
    assert "<td>S5</td><td>Industry</td><td>Holdover</td><td>2025-11-30</td><td>31 days past term end</td>" in html
    assert "<td>S2</td><td></td><td>Term ending</td><td>2026-02-15</td><td>46 days to term end</td>" in html
    assert "<td>S3</td><td>At-Large</td><td>Vacant</td><td></td><td>vacant 184 days</td>" in html
    assert "<td>S7</td><td>Assembly District 3</td><td>Vacant</td><td></td><td>newly vacant in this roster</td>" in html


def test_the_trend_covers_every_roster_with_gaps_where_suppressed(published):
    html = page(published, 2025)
    assert "White, 2024-06-30: 62.5%" in html and "White, 2025-12-31: 62.5%" in html  # 90/144, 100/160
    # AIAN was hidden at 2024-06-30 (the complement of Black): a mark, not a point at 0
    assert "American Indian or Alaska Native, 2024-06-30: suppressed (small numbers)" in html
    assert "American Indian or Alaska Native, 2024-12-31: 8.7%" in html  # 13/150
    assert "Response rate (race), 2024-12-31: 79%" in html  # 150/190 = 0.7895
    # Hispanic ethnicity has its own trend: 12 of the 150 who answered at 2024-12-31 = 8.0%, the same respondents
    assert "<h3>Hispanic or Latino ethnicity over roster dates</h3>" in html
    assert "Hispanic or Latino, 2024-12-31: 8.0%" in html
    assert "Response rate (Hispanic ethnicity), 2024-12-31: 79%" in html


def test_an_earlier_year_shows_its_last_roster_and_says_seats_are_the_newest_rosters(published):
    html = page(published, 2024)
    assert "Representation as of 2024-12-31, the last board roster of FY2024." in html
    assert "Seats, vacancies and recruitment describe the newest roster only (as of 2025-12-31)" in html
    # White at 2024-12-31: 90/150 = 60.0%, parity 0.6 / 0.5 = 1.20; race response 150/190 = 79%
    assert "White, members: 60.0% of members who reported" in html and ">1.20</text>" in html
    assert "Race (2020 Census scheme): 79% of members reported" in html
    # no seats or recruitment tables, and the trend stops at the year's last roster
    assert "Seats by board" not in html and "Seats to fill" not in html and "Planning" not in html
    assert "White, 2024-06-30: 62.5%" in html and "2025-06-30" not in html


def test_a_year_without_a_roster_says_so(published):
    html = page(published, 2023)
    assert "<h2 id='boards'>Boards and Commissions</h2><p>No board roster was published for FY2023.</p>" in html
    assert "White, " not in html


def test_the_latest_report_shows_a_roster_dated_after_its_years_end(published):
    # Were the published fiscal years to end with FY2024, the latest report would still show today's boards
    data = read_published(published, "America/Anchorage")
    section = boards.boards_section(data.board_tables, 2024, {2023: dt.date(2023, 12, 31), 2024: dt.date(2024, 12, 31)})
    assert (
        "Board roster as of 2025-12-31, the newest published roster. "
        "It is newer than FY2024's published quarters (to 2024-12-31)."
    ) in section
    assert "Seats to fill, as of 2025-12-31" in section


@pytest.mark.parametrize("kind", ["no board tables", "empty board tables"])
def test_no_section_without_rosters_and_nothing_external(tmp_path, kind):
    path = make_published(tmp_path / "published.duckdb", board_rows=False, board_tables=kind == "empty board tables")
    written = write_reports(path, tmp_path / "reports", timezone="America/Anchorage")
    assert [p.name for p in written] == ["pvr_2023.html", "pvr_2024.html", "pvr_2025.html", "pvr_latest.html"]
    for report in written:
        text = report.read_text(encoding="utf-8")
        assert "Boards and Commissions" not in text and "Training Sessions" in text


def test_written_reports_hold_the_section_and_nothing_external(published, tmp_path):
    written = {p.name: p.read_text(encoding="utf-8") for p in write_reports(published, tmp_path / "r", timezone="UTC")}
    assert written["pvr_latest.html"] == written["pvr_2025.html"]
    assert "Seats to fill, as of 2025-12-31" in written["pvr_latest.html"]
    for text in written.values():
        assert "http://" not in text and "https://" not in text and "<script" not in text and "src=" not in text


def test_a_trend_line_breaks_at_a_suppressed_date():
    """Four dates; the second suppressed: a lone point, a gap, then one line through the last two."""
    days = [dt.date(2024, 3, 31), dt.date(2024, 6, 30), dt.date(2024, 9, 30), dt.date(2024, 12, 31)]
    shares = [0.5, None, 0.4, 0.45]
    history = [
        Representation(d, "race", WHITE, None if s is None else 1, s, 0.5, None, 0.8, s is None, None, None)
        for d, s in zip(days, shares, strict=True)
    ]
    svg = trend_chart(history, [WHITE])
    # the White panel: 3 points, 1 line (2024-09-30 to 2024-12-31), 1 suppressed mark; the response
    # panel: 4 points joined by 1 line
    assert svg.count("<title>White, ") == 4 and "White, 2024-06-30: suppressed (small numbers)" in svg
    assert svg.count("<polyline") == 2 and svg.count("<circle") == 3 + 4
