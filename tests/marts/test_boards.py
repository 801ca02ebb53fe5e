"""Boards and commissions: seats, recruitment and representation on a fixture computed by hand.

Semantics: issue 10 (boards and commissions). Small cells: EQUITY_SMALL_CELL_THRESHOLD=2.
Rosters as of D1 2025-03-31, D2 2025-06-30, D3 2025-09-30 (the newest; D3-D1 183 days, D3-D2 92).
Boards: PZC (all three rosters) and YAC (D1, D2: dissolved, so only in the history's D1/D2 members).

Members (race_ethnicity | sex | disability | veteran | age_band; blank = not reported) -> race, Hispanic:
  M01 White | F | No | Declined | 45-54                 -> White, Not Hispanic
  M02 Middle Eastern or North African | M | No          -> White (MENA is White), Not
  M03 MENA; White | M | Yes                             -> White (de-duplicated), Not
  M04 Hispanic or Latino; White | F | No                -> White, Hispanic
  M05 Asian; Black or African American | M | No         -> Two or More Races, Not
      (also on YAC with blank race and sex F: PZC/P07 sorts first, so those answers are ignored)
  M06 American Indian or Alaska Native; White | F | Declined -> Two or More Races, Not
  M07 Black; Native Hawaiian or Pacific Islander | F | blank | blank | 45-54 -> Two or More, Not
  M08 Hispanic or Latino | M | No                       -> Some Other Race, Hispanic
  M09 Declined to State | Declined to State | No        -> race and Hispanic not reported
  M10 all blank                                         -> nothing reported
  M11 Hispanic or Latino; White | M | No                -> White, Hispanic
  M12 Asian | F                                         -> Asian, Not
  M13 Black; Hispanic or Latino | Nonbinary             -> Black, Hispanic
  M14 White | F                                         -> White, Not

Seats (F = Filled, H = Holdover, V = Vacant, - = absent)      D1   D2   D3   term_end
  PZC P01 M01                                                  F    F    F    2027-01-14
  PZC P02                                                      V    V    V    vacant since D1: 183 days
  PZC P03 M11 at D2                                            V    F    V    run broken at D2: 0 days
  PZC P04 M12 at D1                                            F    V    V    vacant since D2: 92 days
  PZC P05 M03                                                  H    H    H    2025-01-14 (D3 - 259 days)
  PZC P06 M04                                                  F    F    F    2025-12-29 (D3 + 90: ending)
  PZC P07 M05                                                  F    F    F    2025-12-30 (D3 + 91: not)
  PZC P08 M06                                                  F    F    F    2025-09-30 (D3 + 0: ending)
  PZC P09-P12 M07-M10                                          F    F    F    2028-01-14
  PZC P13 M02                                                  F    F    -    2027-01-14
  PZC P14                                                      V    -    V    absence breaks the run: 0 days
  YAC Y01 M13, Y02 M14, Y03 M05; Y04 vacant                    F/V  F/V  -    2027-06-30

board_seats (D3, PZC only): seats 13 = filled 8 (P01 P06-P12) + holdover 1 + vacant 4 (P02 P03 P04 P14);
  vacancy_rate 4/13 = 0.3077; terms_ending_90d 2 (P06, P08); days_since_oldest_vacancy max(183, 0, 92, 0).
Members: D1 13 (M01-M10, M12-M14; M05 once), D2 13 (M01-M11, M13, M14), D3 9 (M01, M03-M10).
Reference (seed): race of 291,247: White 164,446 (0.5646), Black 14,576 (0.0500), AIAN 23,661 (0.0812),
  Asian 27,646 (0.0949), NHPI 10,001 (0.0343), SOR 10,115 (0.0347), Two or More 40,802 (0.1401);
  Hispanic 26,438 (0.0908), Not 264,809 (0.9092). parity = (members/reported) / (population/291,247).
race  D1 reported 11/13 (0.8462): White 5 (5/11 = 0.4545, parity 0.8050), Two or More 3 (0.2727, 1.9467);
        Black, Asian, SOR 1 each: three hidden on their own, so no complement.
      D2 11/13: White 6 (0.5455, 0.9660), Two or More 3 (0.2727, 1.9467); Black 1, SOR 1 hidden; Asian 0.
      D3 7/9 (0.7778): White 3 (3/7 = 0.4286, parity 0.7590), Two or More 3, SOR 1: SOR hidden alone, its
        complement is the fewest above 0, White/Two or More tied at 3 -> 'Two or More Races' by name.
hispanic D1 11/13: Hispanic 3 (0.2727, 3.0044), Not 8 (0.7273, 0.7999); nothing hidden.
      D2 11/13: Hispanic 4 (0.3636, 4.0059), Not 7 (0.6364, 0.6999).
      D3 7/9: Hispanic 2 hidden, Not 5 its complement.
sex   D1 11/13: Female 6 (0.5455), Male 4, Nonbinary 1: Nonbinary hidden, complement Male (4 < 6).
      D3 7/9: Female 4 (0.5714), Male 3 (0.4286), Nonbinary 0. No sex reference: parity NULL.
age_band D3: M01, M07 both 45-54, nobody else reported: the whole dimension is hidden (response_rate NULL).
disability D3 6/9 (0.6667): Yes 1 hidden, No 5 its complement.   veteran D3: 0 reported (M01 declined):
  seat_share NULL, response_rate 0/9 = 0, nothing hidden.
"""

import datetime as dt
import re

import pytest

from tests.conftest import published, query, refresh_on_exports
from tests.e2e.declared_checks import failed_checks

D1, D2, D3 = dt.date(2025, 3, 31), dt.date(2025, 6, 30), dt.date(2025, 9, 30)
HEADER = (
    "board_code,board_name,seat_id,seat_type,status,member_id,member_name,appointed_date,term_start,term_end,"
    "race_ethnicity,sex,disability,veteran,age_band"
)
BOARDS = {"PZC": "Planning and Zoning Commission", "YAC": "Youth Advisory Commission"}
# member -> race_ethnicity, sex, disability, veteran, age_band, as written in the export
MEMBERS = {
    "M01": ("White", "Female", "N", "Declined to State", "45-54"),
    "M02": ("Middle Eastern or North African", "Male", "No", "", ""),
    "M03": ("Middle Eastern or North African; White", "Male", "Y", "", ""),
    "M04": ("Hispanic or Latino; White", "Female", "No", "", ""),
    "M05": ("Asian; Black or African American", "Male", "No", "", ""),
    "M06": ("American Indian or Alaska Native; White", "Female", "Declined to State", "", ""),
    "M07": ("Black or African American; Native Hawaiian or Pacific Islander", "Female", "", "", "45-54"),
    "M08": ("Hispanic or Latino", "Male", "No", "", ""),
    "M09": ("Declined to State", "Declined to State", "No", "", ""),
    "M10": ("", "", "", "", ""),
    "M11": ("Hispanic or Latino; White", "Male", "No", "", ""),
    "M12": ("Asian", "Female", "", "", ""),
    "M13": ("Black or African American; Hispanic or Latino", "Nonbinary", "", "", ""),
    "M14": ("White", "Female", "", "", ""),
    "M05@YAC": ("", "Female", "", "", ""),  # M05's second seat: its answers come second
}
STATUS = {"F": "Filled", "H": "Holdover", "V": "Vacant"}
# board, seat, seat_type, member while not vacant, its term's end, status at D1 D2 D3 (- = absent)
SEATS = [
    ("PZC", "P01", "At-Large", "M01", "2027-01-14", "FFF"),
    ("PZC", "P02", "Assembly District 3", "", "", "VVV"),
    ("PZC", "P03", "At-Large", "M11", "2028-05-14", "VFV"),
    ("PZC", "P04", "Industry", "M12", "2027-01-14", "FVV"),
    ("PZC", "P05", "At-Large", "M03", "2025-01-14", "HHH"),
    ("PZC", "P06", "At-Large", "M04", "2025-12-29", "FFF"),
    ("PZC", "P07", "At-Large", "M05", "2025-12-30", "FFF"),
    ("PZC", "P08", "Ex-Officio", "M06", "2025-09-30", "FFF"),
    *[("PZC", f"P{n:02d}", "At-Large", f"M{n - 2:02d}", "2028-01-14", "FFF") for n in range(9, 13)],
    ("PZC", "P13", "At-Large", "M02", "2027-01-14", "FF-"),
    ("PZC", "P14", "Assembly District 5", "", "", "V-V"),
    ("YAC", "Y01", "Youth", "M13", "2027-06-30", "FF-"),
    ("YAC", "Y02", "Youth", "M14", "2027-06-30", "FF-"),
    ("YAC", "Y03", "Youth", "M05@YAC", "2027-06-30", "FF-"),
    ("YAC", "Y04", "Youth", "", "", "VV-"),
]


def roster(as_of: dt.date) -> list[str]:
    """The export at a roster date; a term runs three years, appointed two weeks before it starts."""
    lines = [HEADER]
    for board, seat_id, seat_type, member, term_end, statuses in SEATS:
        status = statuses[(D1, D2, D3).index(as_of)]
        if status == "-":
            continue
        line = f"{board},{BOARDS[board]},{seat_id},{seat_type},{STATUS[status]}"
        if status == "V":
            lines.append(line + ",,,,,,,,,,")
            continue
        end = dt.date.fromisoformat(term_end)
        start = end.replace(year=end.year - 3) + dt.timedelta(days=1)
        member_id = member.split("@")[0]
        term = f"{start - dt.timedelta(days=14)},{start},{end}"
        lines.append(f"{line},{member_id},Name of {member_id},{term},{','.join(MEMBERS[member])}")
    return lines


@pytest.fixture(scope="module")
def boards_run(tmp_path_factory):
    exports = {f"board_roster_{d}.csv": roster(d) for d in (D1, D2, D3)}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EQUITY_SMALL_CELL_THRESHOLD", "2")
        with refresh_on_exports(tmp_path_factory.mktemp("boards"), exports, "boards-key") as run:
            yield run


PZC = ("PZC", "Planning and Zoning Commission")
SRC = "2020 Census Redistricting Data (P.L. 94-171), Alaska Department of Labor and Workforce Development"
CENSUS = (SRC, 2020)
NO_REF = (None, None)
RACE_SHARE = {
    "White": 0.5646,
    "Black or African American": 0.05,
    "American Indian or Alaska Native": 0.0812,
    "Asian": 0.0949,
    "Native Hawaiian or Pacific Islander": 0.0343,
    "Some Other Race": 0.0347,
    "Two or More Races": 0.1401,
}
HISPANIC_SHARE = {"Hispanic or Latino": 0.0908, "Not Hispanic or Latino": 0.9092}
HIDDEN = (None, None)  # members, seat_share
REPRESENTATION = (
    "as_of_date, dimension, group_name, members, seat_share, population_share, parity_index, response_rate, "
    "suppressed, population_source, population_year"
)


def race(as_of: dt.date, rr: float, shown: dict[str, tuple], hidden: set[str]) -> dict[tuple, tuple]:
    """Expected race rows: `shown` group -> (members, seat_share, parity); a group in neither has 0 members."""
    rows = {}
    for group, share in RACE_SHARE.items():
        members, seat_share, parity = HIDDEN + (None,) if group in hidden else shown.get(group, (0, 0.0, 0.0))
        rows[(as_of, "race", group)] = (members, seat_share, share, parity, rr, group in hidden, *CENSUS)
    return rows


def hispanic(as_of: dt.date, rr: float, shown: dict[str, tuple], hidden: set[str]) -> dict[tuple, tuple]:
    rows = {}
    for group, share in HISPANIC_SHARE.items():
        members, seat_share, parity = HIDDEN + (None,) if group in hidden else shown[group]
        rows[(as_of, "hispanic_ethnicity", group)] = (members, seat_share, share, parity, rr, group in hidden, *CENSUS)
    return rows


def no_reference(as_of: dt.date, dimension: str, rr: float | None, groups: dict[str, tuple]) -> dict[tuple, tuple]:
    """Rows of a dimension without reference rows: group -> (members, seat_share, suppressed)."""
    return {(as_of, dimension, g): (m, s, None, None, rr, sup, *NO_REF) for g, (m, s, sup) in groups.items()}


D3_RACE = race(D3, 0.7778, {"White": (3, 0.4286, 0.759)}, {"Some Other Race", "Two or More Races"})
D3_HISPANIC = hispanic(D3, 0.7778, {}, {"Hispanic or Latino", "Not Hispanic or Latino"})
D3_SEX = no_reference(D3, "sex", 0.7778, {"Female": (4, 0.5714, False), "Male": (3, 0.4286, False),
                                          "Nonbinary": (0, 0.0, False)})  # fmt: skip
D3_OTHERS = {
    **no_reference(
        D3, "age_band", None, {g: (None, None, True) for g in ("18-24", "25-34", "35-44", "45-54", "55-64", "65+")}
    ),
    **no_reference(D3, "disability", 0.6667, {"Yes": (None, None, True), "No": (None, None, True)}),
    **no_reference(D3, "veteran", 0.0, {"Yes": (0, None, False), "No": (0, None, False)}),
}
HISTORY = {
    **race(D1, 0.8462, {"White": (5, 0.4545, 0.805), "Two or More Races": (3, 0.2727, 1.9467)},
           {"Black or African American", "Asian", "Some Other Race"}),
    **race(D2, 0.8462, {"White": (6, 0.5455, 0.966), "Two or More Races": (3, 0.2727, 1.9467)},
           {"Black or African American", "Some Other Race"}),
    **D3_RACE,
    **hispanic(D1, 0.8462, {"Hispanic or Latino": (3, 0.2727, 3.0044), "Not Hispanic or Latino": (8, 0.7273, 0.7999)},
               set()),
    **hispanic(D2, 0.8462, {"Hispanic or Latino": (4, 0.3636, 4.0059), "Not Hispanic or Latino": (7, 0.6364, 0.6999)},
               set()),
    **D3_HISPANIC,
    **no_reference(D1, "sex", 0.8462, {"Female": (6, 0.5455, False), "Male": (None, None, True),
                                       "Nonbinary": (None, None, True)}),
}  # fmt: skip


def keyed(rows: list[tuple]) -> dict[tuple, tuple]:
    """(as_of_date, dimension, group_name) -> the other columns; a duplicate key would shrink the dict."""
    result = {r[:3]: r[3:] for r in rows}
    assert len(result) == len(rows)
    return result


def test_the_fixture_lands_whole_and_the_run_publishes(boards_run):
    assert query(boards_run["settings"], "select count(*) from audit.quarantine where source = 'board_roster'") == [
        (0,)
    ]
    failures = [e.asset_check_key.to_user_string() for e in failed_checks(boards_run["result"])]
    assert failures == []
    assert boards_run["result"].success


def test_board_seats_describe_the_newest_roster_only(boards_run):
    # YAC is gone from the newest roster; P13 was abolished. 183 = P02 vacant since D1.
    assert published(
        boards_run,
        "select as_of_date, board_code, board_name, seats, filled, holdover, vacant, vacancy_rate, terms_ending_90d, "
        "days_since_oldest_vacancy from board_seats order by board_code",
    ) == [(D3, *PZC, 13, 8, 1, 4, 0.3077, 2, 183)]


def test_board_recruitment_lists_vacant_holdover_and_ending_seats(boards_run):
    assert published(
        boards_run,
        "select as_of_date, board_code, board_name, seat_id, seat_type, status, term_end, days_vacant, "
        "days_to_term_end from board_recruitment order by board_code, seat_id",
    ) == [
        (D3, *PZC, "P02", "Assembly District 3", "Vacant", None, 183, None),  # vacant at D1, D2, D3
        (D3, *PZC, "P03", "At-Large", "Vacant", None, 0, None),  # filled at D2 breaks the run
        (D3, *PZC, "P04", "Industry", "Vacant", None, 92, None),  # filled at D1: vacant since D2
        (D3, *PZC, "P05", "At-Large", "Holdover", dt.date(2025, 1, 14), None, -259),  # 259 days past its end
        (D3, *PZC, "P06", "At-Large", "Term ending", dt.date(2025, 12, 29), None, 90),
        (D3, *PZC, "P08", "Ex-Officio", "Term ending", D3, None, 0),  # ends on the as-of date (inclusive)
        (D3, *PZC, "P14", "Assembly District 5", "Vacant", None, 0, None),  # absent from D2 breaks the run
    ]  # P07 ends at D3 + 91 days: not listed


def test_board_representation_is_the_newest_roster_date(boards_run):
    rows = keyed(published(boards_run, f"select {REPRESENTATION} from board_representation"))
    assert rows == {**D3_RACE, **D3_HISPANIC, **D3_SEX, **D3_OTHERS}
    assert len(rows) == 22


def test_board_representation_history_at_every_roster_date(boards_run):
    rows = keyed(published(boards_run, f"select {REPRESENTATION} from board_representation_history"))
    # 22 groups at each of the three roster dates, including D1 and D2, when YAC still sat
    assert len(rows) == 66
    assert {k: v for k, v in rows.items() if k[1] in ("race", "hispanic_ethnicity") or k[:2] == (D1, "sex")} == HISTORY
    # The newest date's rows are board_representation's
    assert {k: v for k, v in rows.items() if k[0] == D3} == {**D3_RACE, **D3_HISPANIC, **D3_SEX, **D3_OTHERS}


SPEC_COLUMNS = {
    "board_seats": "as_of_date, board_code, board_name, seats, filled, holdover, vacant, vacancy_rate, "
    "terms_ending_90d, days_since_oldest_vacancy",
    "board_recruitment": "as_of_date, board_code, board_name, seat_id, seat_type, status, term_end, days_vacant, "
    "days_to_term_end",
    "board_representation": REPRESENTATION,
    "board_representation_history": REPRESENTATION,
}


# A member's id, pseudonym or name; board_name and group_name are not about a person.
PERSONAL = re.compile(r"member_(id|key|name)|^(?!board_name$|group_name$).*_name$")


@pytest.mark.parametrize("table", SPEC_COLUMNS)
def test_no_board_table_publishes_a_member(boards_run, table):
    columns = [c for (c,) in published(boards_run, f"select column_name from (describe {table})")]
    assert [c for c in columns if c != "publish_id"] == SPEC_COLUMNS[table].split(", ")
    assert not [c for c in columns if PERSONAL.search(c)]
    # Nor does any value carry a member's id, pseudonym or name
    seats = "select distinct member_key from staging.stg_board_roster__seats where member_key is not null"
    ids = {m.split("@")[0] for m in MEMBERS} | {k for (k,) in query(boards_run["settings"], seats)}
    ids |= {f"Name of {m}" for m in ids}
    values = {str(v) for row in published(boards_run, f"select * from {table}") for v in row}
    assert not values & ids
