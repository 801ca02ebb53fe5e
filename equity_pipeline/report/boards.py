"""The report's Boards and Commissions section, from the published board tables (issue 10).

board_seats and board_recruitment describe the newest roster only; board_representation_history holds every
roster date. So the report of the fiscal year holding the newest roster (and the latest report) shows seats,
representation, trend and recruitment; an earlier year's report shows the representation at that year's last
roster date and the trend up to it.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

import duckdb

from equity_pipeline.report.board_charts import SUPPRESSED, Representation, representation_chart, trend_chart
from equity_pipeline.report.figures import percent

TABLES = ("board_seats", "board_representation", "board_representation_history", "board_recruitment")
REPRESENTATION_COLUMNS = (
    "as_of_date, dimension, group_name, members, seat_share, population_share, parity_index, response_rate, "
    "suppressed, population_source, population_year"
)
CHARTED = {"race": "Race (2020 Census scheme)", "hispanic_ethnicity": "Hispanic or Latino ethnicity"}
LEFT = "<td style='text-align:left'>"  # the report's CSS aligns every column but the first right, for figures
TABLED = {"sex": "Sex", "age_band": "Age band", "disability": "Disability", "veteran": "Veteran"}


@dataclass(frozen=True)
class BoardsData:
    # as_of_date, board_code, board_name, seats, filled, holdover, vacant, vacancy_rate, terms_ending_90d,
    # days_since_oldest_vacancy
    seats: list[tuple]
    representation: list[Representation]  # the newest roster date's rows
    history: list[Representation]  # every roster date's rows
    # as_of_date, board_code, board_name, seat_id, seat_type, status, term_end, days_vacant, days_to_term_end
    recruitment: list[tuple]


def read_boards(con: duckdb.DuckDBPyConnection) -> BoardsData | None:
    """The four board tables, or None when they are not published or no roster was (a city sending none)."""
    present = {
        name
        for (name,) in con.execute(
            "select table_name from information_schema.tables where table_name in (?, ?, ?, ?)", list(TABLES)
        ).fetchall()
    }
    if present != set(TABLES):
        return None
    history = con.execute(
        f"select {REPRESENTATION_COLUMNS} from board_representation_history order by as_of_date, dimension, group_name"
    ).fetchall()
    if not history:
        return None
    representation = con.execute(
        f"select {REPRESENTATION_COLUMNS} from board_representation order by dimension, group_name"
    ).fetchall()
    seats = con.execute(
        "select as_of_date, board_code, board_name, seats, filled, holdover, vacant, vacancy_rate, terms_ending_90d, "
        "days_since_oldest_vacancy from board_seats order by board_name, board_code"
    ).fetchall()
    recruitment = con.execute(
        "select as_of_date, board_code, board_name, seat_id, seat_type, status, term_end, days_vacant, "
        "days_to_term_end from board_recruitment order by board_name, board_code, seat_id"
    ).fetchall()
    return BoardsData(
        seats, [Representation._make(r) for r in representation], [Representation._make(r) for r in history],
        recruitment,
    )  # fmt: skip


def _day_before(fiscal_year: int, fiscal_year_ends: dict[int, dt.date]) -> dt.date:
    """The day before a fiscal year starts: the previous year's end. The first year has none; it is complete
    unless it is also the current (then newest, open-ended) year, so its end a year earlier is its start's eve."""
    if fiscal_year - 1 in fiscal_year_ends:
        return fiscal_year_ends[fiscal_year - 1]
    end = fiscal_year_ends[fiscal_year]
    return dt.date(end.year - 1, 2, 28) if (end.month, end.day) == (2, 29) else end.replace(year=end.year - 1)


def _in_order(rows: list[Representation]) -> list[Representation]:
    # The published tables carry no group order: largest community share first, then by name (age bands sort)
    return sorted(rows, key=lambda r: (r.population_share is None, -(r.population_share or 0.0), r.group_name))


def _days(n: int) -> str:
    return f"{n:,} day{'' if abs(n) == 1 else 's'}"


def seats_table(seats: list[tuple]) -> str:
    """One row per board of the newest roster; the vacancy rate as a whole percent (2 of 9 seats: 22%)."""
    rows = "".join(
        f"<tr><td>{html.escape(name)}</td><td>{n}</td><td>{filled}</td><td>{holdover}</td><td>{vacant}</td>"
        f"<td>{percent(rate)}</td><td>{ending}</td><td>{'' if oldest is None else f'{oldest:,}'}</td></tr>"
        for _, _, name, n, filled, holdover, vacant, rate, ending, oldest in seats
    )
    return (
        "<table><thead><tr><th>Board</th><th>Seats</th><th>Filled</th><th>Holdover</th><th>Vacant</th>"
        "<th>Vacancy rate</th><th>Terms ending within 90 days</th><th>Days since oldest vacancy</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def _recruitment_days(days_vacant: int | None, days_to_term_end: int | None) -> str:
    if days_vacant is not None:
        return "newly vacant in this roster" if days_vacant == 0 else f"vacant {_days(days_vacant)}"
    if days_to_term_end is None:
        return ""
    if days_to_term_end < 0:  # a Holdover: serving past the term's end until replaced
        return f"{_days(-days_to_term_end)} past term end"
    return f"{_days(days_to_term_end)} to term end"


def recruitment_table(recruitment: list[tuple]) -> str:
    """The seats to fill: Vacant, Holdover, and terms ending within 90 days of the roster date."""
    if not recruitment:
        return "<p>No seat is vacant, held over, or ending its term within 90 days.</p>"
    rows = "".join(
        f"<tr><td>{html.escape(name)}</td>{LEFT}{html.escape(seat)}</td>{LEFT}{html.escape(seat_type or '')}</td>"
        f"{LEFT}{html.escape(status)}</td><td style='white-space:nowrap'>{'' if term_end is None else term_end}</td>"
        f"<td>{_recruitment_days(days_vacant, days_to_end)}</td></tr>"
        for _, _, name, seat, seat_type, status, term_end, days_vacant, days_to_end in recruitment
    )
    return (
        "<table><thead><tr><th>Board</th><th>Seat</th><th>Seat type</th><th>Status</th><th>Term end</th>"
        f"<th>Days vacant / to term end</th></tr></thead><tbody>{rows}</tbody></table>"
        "<p class='note'>Days vacant count from the first roster of the unbroken run of rosters listing "
        "the seat vacant, so the seat has been vacant at least that long.</p>"
    )


def other_dimensions_table(rows: list[Representation]) -> str:
    """Sex, age band, disability, veteran: members' shares, and the community's where the reference has one."""
    body = []
    dimensions = [d for d in TABLED if any(r.dimension == d for r in rows)]
    dimensions += sorted({r.dimension for r in rows} - set(TABLED) - set(CHARTED))
    for dimension in dimensions:
        groups = _in_order([r for r in rows if r.dimension == dimension])
        response = groups[0].response_rate
        answered = f"{percent(response)} of members reported" if response is not None else f"response rate {SUPPRESSED}"
        label = TABLED.get(dimension, dimension.replace("_", " ").capitalize())
        body.append(f"<tr><th colspan='3'>{html.escape(label)}: {answered}</th></tr>")
        body.extend(
            f"<tr><td>{html.escape(r.group_name)}</td>"
            f"<td>{SUPPRESSED if r.suppressed else percent(r.seat_share, 1)}</td>"
            f"<td>{percent(r.population_share, 1)}</td></tr>"
            for r in groups
        )
    if not body:
        return ""
    return (
        "<table><thead><tr><th>Group</th><th>Members' share</th><th>Community share</th></tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def representation_part(rows: list[Representation], history: list[Representation]) -> str:
    """Members against the community at one roster date, and the trend of the race shares up to it."""
    charts = "".join(
        representation_chart(_in_order([r for r in rows if r.dimension == d]), label)
        for d, label in CHARTED.items()
        if any(r.dimension == d for r in rows)
    )
    sources = sorted({(r.population_source, r.population_year) for r in rows if r.population_source is not None})
    cited = "".join(
        f"<p class='note'>Community shares: {html.escape(source)}{'' if year is None else f', {year}'}.</p>"
        for source, year in sources
    )
    trends = []
    for dimension, label, rate_label in (
        ("race", "Race groups", "race"),
        ("hispanic_ethnicity", "Hispanic or Latino ethnicity", "Hispanic ethnicity"),
    ):
        groups = [r.group_name for r in _in_order([r for r in rows if r.dimension == dimension])]
        chart = trend_chart(history, groups, dimension, label, rate_label)
        if chart:
            trends.append(f"<h3>{html.escape(label)} over roster dates</h3>{chart}")
    trend = (
        "<p class='note'>Each panel: the group's share of the members who reported (seat_share), the dashed line "
        "the community's share; the last panel the response rate. A gap marked s: suppressed (small numbers).</p>"
        + "".join(trends)
        if trends
        else ""
    )
    return (
        "<h3>Who serves: board members against the community</h3>"
        "<p class='note'>Members are the people holding a Filled or Holdover seat on any board (a member of "
        "two boards counts once). Shares are over members who reported; parity index = members' share / community "
        "share (1.00 = parity). A group with few members is suppressed, never shown as 0.</p>"
        f"{charts}{cited}{other_dimensions_table(rows)}{trend}"
    )


def boards_section(boards: BoardsData | None, fiscal_year: int, fiscal_year_ends: dict[int, dt.date]) -> str:
    """The section for one fiscal year's report; "" when no board table or roster was published."""
    if boards is None:
        return ""
    # For the current year `end` is the end of its newest published quarter, not of the year
    end, before = fiscal_year_ends[fiscal_year], _day_before(fiscal_year, fiscal_year_ends)
    dates = sorted({r.as_of_date for r in boards.history})
    newest = dates[-1]
    in_year = [d for d in dates if before < d <= end]
    heading = "<h2 id='boards'>Boards and Commissions</h2>"
    tables = "board_seats, board_representation, board_representation_history and board_recruitment"
    # The latest report always describes today's boards, even when the newest roster falls outside its year.
    if newest in in_year or fiscal_year == max(fiscal_year_ends):
        outside = ""
        if newest > end:
            outside = f" It is newer than FY{fiscal_year}'s published quarters (to {end})."
        elif not in_year:
            outside = f" No board roster was published in FY{fiscal_year}."
        return (
            f"{heading}<p class='meta'>Board roster as of {newest}, the newest published roster.{outside} Figures "
            f"are those of the published tables {tables}.</p>"
            f"<h3>Seats by board, as of {newest}</h3>{seats_table(boards.seats)}"
            f"{representation_part(boards.representation, boards.history)}"
            f"<h3>Seats to fill, as of {newest}</h3>{recruitment_table(boards.recruitment)}"
        )
    if not in_year:
        return f"{heading}<p>No board roster was published for FY{fiscal_year}.</p>"
    shown = in_year[-1]
    at_shown = [r for r in boards.history if r.as_of_date == shown]
    up_to_shown = [r for r in boards.history if r.as_of_date <= shown]
    return (
        f"{heading}<p class='meta'>Representation as of {shown}, the last board roster of FY{fiscal_year}. "
        f"Figures are those of the published table board_representation_history.</p>"
        f"<p class='note'>Seats, vacancies and recruitment describe the newest roster only (as of {newest}): "
        "see the latest report.</p>"
        f"{representation_part(at_shown, up_to_shown)}"
    )
