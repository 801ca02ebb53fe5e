"""What the published board tables must show for the sample, computed from the generated rosters in
plain pandas, independently of the dbt models (the rules: boards-and-commissions semantics, issue 10).

The tests read back the roster files the generator wrote (less the rows it says a loader must
quarantine) and compare the published `board_seats`, `board_recruitment` and the members behind
`board_representation(_history)` with these figures. Suppression is not applied here: the tests
derive it from these counts.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from equity_pipeline.sample_data import board_roster
from equity_pipeline.sample_data.population import DECLINED

HISPANIC, MENA = "Hispanic or Latino", "Middle Eastern or North African"
# Every published group, in the semantics' order (the representation_groups seed must agree).
GROUPS: dict[str, list[str]] = {
    "race": [
        "White",
        "Black or African American",
        "American Indian or Alaska Native",
        "Asian",
        "Native Hawaiian or Pacific Islander",
        "Some Other Race",
        "Two or More Races",
    ],
    "hispanic_ethnicity": [HISPANIC, "Not Hispanic or Latino"],
    "sex": ["Female", "Male", "Nonbinary"],
    "age_band": ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"],
    "disability": ["Yes", "No"],
    "veteran": ["Yes", "No"],
}
FLAGS = {"Y": "Yes", "N": "No", "Yes": "Yes", "No": "No"}  # as the generator writes them; blank and declined: none
TERM_WINDOW_DAYS = 90


def read_rosters(folder: Path, bad_rows: list[tuple[str, int]]) -> dict[dt.date, pd.DataFrame]:
    """The complete roster files as written, by as-of date: a file with a row the loader must quarantine
    describes its seats incompletely, and the board tables leave it out (dbt's complete_board_roster_files).

    The sample has one file per date (no `_v2`), so each file is that date's roster.
    """
    incomplete = {file for file, _ in bad_rows}
    rosters = {}
    for path in sorted(folder.glob(f"{board_roster.SOURCE}_*.csv")):
        if path.name in incomplete:
            continue
        as_of = dt.date.fromisoformat(path.stem.removeprefix(f"{board_roster.SOURCE}_"))
        encoding = "cp1252" if as_of == board_roster.CP1252_EXPORT else "utf-8"
        rosters[as_of] = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding)
    return rosters


def _vacancy_start(rosters: dict[dt.date, pd.DataFrame], board_code: str, seat_id: str) -> dt.date:
    """The earliest roster date of the unbroken run of rosters, ending at the newest, listing the seat Vacant."""
    start = None
    for as_of in sorted(rosters, reverse=True):
        roster = rosters[as_of]
        listed = roster[(roster["board_code"] == board_code) & (roster["seat_id"] == seat_id)]
        if listed.empty or listed["status"].iloc[0] != "Vacant":
            break
        start = as_of
    return start


def board_recruitment(rosters: dict[dt.date, pd.DataFrame]) -> list[tuple]:
    """(board_code, seat_id, status, term_end, days_vacant, days_to_term_end) of every seat to recruit for,
    newest roster: Vacant, Holdover, or Filled with a term ending within 90 days (both ends inclusive)."""
    newest = max(rosters)
    out = []
    for seat in rosters[newest].itertuples():
        term_end = dt.date.fromisoformat(seat.term_end) if seat.term_end else None
        if seat.status == "Vacant":
            days_vacant = (newest - _vacancy_start(rosters, seat.board_code, seat.seat_id)).days
            out.append((seat.board_code, seat.seat_id, "Vacant", None, days_vacant, None))
        elif seat.status == "Holdover" or 0 <= (term_end - newest).days <= TERM_WINDOW_DAYS:
            status = "Holdover" if seat.status == "Holdover" else "Term ending"
            out.append((seat.board_code, seat.seat_id, status, term_end, None, (term_end - newest).days))
    return sorted(out)


def board_seats(rosters: dict[dt.date, pd.DataFrame]) -> dict[str, dict]:
    """board_code -> its row of board_seats at the newest roster (vacancy_rate unrounded)."""
    newest = rosters[max(rosters)]
    to_recruit = pd.DataFrame(
        board_recruitment(rosters),
        columns=["board_code", "seat_id", "status", "term_end", "days_vacant", "days_to_term_end"],
    )
    out = {}
    for code, seats in newest.groupby("board_code"):
        mine = to_recruit[to_recruit["board_code"] == code]
        vacant = int((seats["status"] == "Vacant").sum())
        out[code] = {
            "board_name": seats["board_name"].iloc[0],
            "seats": len(seats),
            "filled": int((seats["status"] == "Filled").sum()),
            "holdover": int((seats["status"] == "Holdover").sum()),
            "vacant": vacant,
            "vacancy_rate": vacant / len(seats),
            "terms_ending_90d": int((mine["status"] == "Term ending").sum()),
            "days_since_oldest_vacancy": int(mine["days_vacant"].max()) if vacant else None,
        }
    return out


def _race(answer: str) -> tuple[str | None, str | None]:
    """(race in the 2020 Census scheme, hispanic_ethnicity) of a race_ethnicity answer; (None, None) unreported."""
    parts = {p.strip() for p in answer.split(";") if p.strip()}
    if not parts or parts == {DECLINED}:
        return None, None
    races = {"White" if p == MENA else p for p in parts - {HISPANIC}}
    race = "Some Other Race" if not races else races.pop() if len(races) == 1 else "Two or More Races"
    return race, HISPANIC if HISPANIC in parts else "Not Hispanic or Latino"


def members(roster: pd.DataFrame) -> pd.DataFrame:
    """One row per member holding a Filled or Holdover seat (answers from their first seat by board_code,
    seat_id), with their group in every dimension (None when not reported)."""
    seated = roster[roster["status"].isin(["Filled", "Holdover"])].sort_values(["board_code", "seat_id"])
    seated = seated.drop_duplicates("member_id")
    race = seated["race_ethnicity"].map(_race)
    answered = {DECLINED, ""}
    return pd.DataFrame(
        {
            "member_id": seated["member_id"],
            "race": race.str[0],
            "hispanic_ethnicity": race.str[1],
            "sex": seated["sex"].where(~seated["sex"].isin(answered)),
            "age_band": seated["age_band"].where(~seated["age_band"].isin(answered)),
            "disability": seated["disability"].map(FLAGS),
            "veteran": seated["veteran"].map(FLAGS),
        }
    )


def representation(roster: pd.DataFrame) -> dict[str, dict]:
    """dimension -> {"members": {group: members (every group, 0 included)}, "reported": n, "all_members": n}
    of one roster date, before suppression."""
    people = members(roster)
    out = {}
    for dimension, groups in GROUPS.items():
        counts = people[dimension].value_counts()
        out[dimension] = {
            "members": {g: int(counts.get(g, 0)) for g in groups},
            "reported": int(people[dimension].notna().sum()),
            "all_members": len(people),
        }
    return out
