"""The sample generator reads its headers and allowed values from the contracts, and the committed
sample departs from them only where a source module names the departure."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from equity_pipeline.config import PROJECT_ROOT
from equity_pipeline.contracts import all_contracts
from equity_pipeline.sample_data import board_roster, hr_workforce
from equity_pipeline.sample_data.common import Expected, allowed, columns
from equity_pipeline.sample_data.population import DECLINED, RACE_SHARES, races

DATA_RAW = PROJECT_ROOT / "data_raw"


def test_columns_lists_a_contracts_header_and_its_columns_of_one_type():
    assert columns("hr_workforce", of_type="date") == [
        "birth_date",
        "hire_date",
        "termination_date",
        "last_promotion_date",
    ]
    assert columns("wc_claims")[:3] == ["claim_number", "employee_id", "claimant_name"]
    assert len(columns("board_roster")) == 15


def test_allowed_keeps_the_contracts_order():
    assert allowed("wc_claims", "claim_type") == ("Report Only", "Medical Only", "Lost Time")


def test_quarantine_records_the_row_and_a_note_naming_its_line():
    exp = Expected()
    exp.quarantine("a.csv", 4, "reported before injury")
    assert (exp.rows_quarantined, exp.bad_rows, exp.notes) == (
        1,
        [("a.csv", 4)],
        ["a.csv: line 4 reported before injury"],
    )


def test_races_draws_only_contract_values_declined_or_blank():
    answers = races(np.random.default_rng(1), 2_000)
    parts = {p for a in answers if a for p in a.split(";")}
    assert parts <= set(RACE_SHARES) | {DECLINED}
    assert all(a.count(";") <= 1 for a in answers)
    assert "" in set(answers)


def _read(path: Path) -> pd.DataFrame:
    if path.suffix == ".xlsx":
        return pd.read_excel(path, dtype=str, keep_default_na=False)
    cp1252 = path.name == f"board_roster_{board_roster.CP1252_EXPORT}.csv"
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="cp1252" if cp1252 else "utf-8-sig")


def _contract_header(source: str, path: Path) -> list[str]:
    header = columns(source)
    if path.name == f"hr_workforce_{hr_workforce.SCHEMA_DRIFT_EXPORT}.csv":
        header = [c.upper() if c in hr_workforce.RECASED_COLUMNS else c for c in header]
        header.insert(hr_workforce.DRIFT_POSITION, hr_workforce.DRIFT_COLUMN)
    return header


@pytest.mark.parametrize("source", list(all_contracts()))
def test_committed_sample_has_the_contracts_headers_and_allowed_values(source):
    contract = all_contracts()[source]
    files = sorted((DATA_RAW / source).iterdir())
    assert files
    for path in files:
        frame = _read(path)
        assert list(frame.columns) == _contract_header(source, path), path.name
        for column in contract.columns:
            if column.type == "enum":
                values = set(frame[column.name]) - {""}
            elif column.type == "enum_list":
                values = {p for v in frame[column.name] if v for p in v.split(column.separator)}
                values -= set(column.exclusive)
            else:
                continue
            assert values <= set(column.allowed), (path.name, column.name, values - set(column.allowed))


def _committed_rosters() -> dict:
    from equity_pipeline.sample_data.board_figures import read_rosters

    quarantined = [("board_roster_2025-03-31.csv", 3)]  # the MISSING_TERM_EXPORT row: the first Filled seat
    return read_rosters(DATA_RAW / "board_roster", quarantined)


def test_committed_rosters_carry_the_scripted_board_cases():
    """The cases the board tables must show are scripted, not drawn: vacancy runs, the 90-day edge, holdovers,
    the dissolved board (hand-counted from board_roster.SCRIPT)."""
    from equity_pipeline.sample_data.board_figures import board_recruitment, board_seats

    rosters = _committed_rosters()
    newest = max(rosters)
    assert (len(rosters), min(rosters), newest) == (20, dt.date(2021, 3, 31), dt.date(2025, 12, 31))
    seats = board_seats(rosters)
    # the board wound up after 2023-06-30: in the rosters up to then, in none after, absent from today's boards
    assert [d for d, r in sorted(rosters.items()) if "UTIL" in set(r["board_code"])][-1] == dt.date(2023, 6, 30)
    assert len(seats) == 19 and "UTIL" not in seats
    recruit = {seat_id: (status, days_vacant, days_to_end) for _, seat_id, status, _, days_vacant, days_to_end
               in board_recruitment(rosters)}  # fmt: skip
    assert recruit["GEO-07"] == ("Vacant", 1736, None)  # vacant in every roster: since 2021-03-31
    assert recruit["AEDC-01"] == ("Vacant", 457, None)  # six rosters, since 2024-09-30
    assert recruit["PZC-05"] == ("Vacant", 92, None)  # since 2025-09-30: its 2023-24 vacancy was filled in between
    assert recruit["LIBB-03"] == ("Vacant", 0, None)  # the newest roster only
    assert recruit["HLTH-02"] == ("Term ending", None, 90) and "HLTH-03" not in recruit  # +90 in, +91 out
    assert recruit["HLTH-04"] == ("Term ending", None, 0)  # ends on the roster date: still Filled
    assert (recruit["SENR-02"], recruit["BLDG-01"]) == (("Holdover", None, -184), ("Holdover", None, -396))
    # the 2022-03-31 .. 2022-12-31 vacancy of PZC-04, since filled (term to 2026-01-15: 15 days)
    assert [rosters[d].set_index("seat_id").at["PZC-04", "status"] for d in sorted(rosters)[4:9]] == [
        "Vacant", "Vacant", "Vacant", "Vacant", "Filled",
    ]  # fmt: skip
    assert recruit["PZC-04"] == ("Term ending", None, 15)


@pytest.mark.parametrize(
    "answer, race, hispanic",
    [
        ("Black or African American;White", "Two or More Races", "Not Hispanic or Latino"),
        ("Hispanic or Latino", "Some Other Race", "Hispanic or Latino"),
        ("White;Hispanic or Latino", "White", "Hispanic or Latino"),
        ("Middle Eastern or North African", "White", "Not Hispanic or Latino"),
        ("Middle Eastern or North African;White", "White", "Not Hispanic or Latino"),
        ("Asian;Hispanic or Latino;Native Hawaiian or Pacific Islander", "Two or More Races", "Hispanic or Latino"),
        (DECLINED, None, None),
        ("", None, None),
    ],
)
def test_board_figures_map_race_answers_to_the_census_scheme(answer, race, hispanic):
    from equity_pipeline.sample_data.board_figures import _race

    assert _race(answer) == (race, hispanic)


def test_newest_roster_members_count_a_member_on_two_boards_once_and_blank_or_declined_as_unreported():
    from equity_pipeline.sample_data.board_figures import members, representation

    roster = _committed_rosters()[dt.date(2025, 12, 31)]
    seated = roster[roster["status"].isin(["Filled", "Holdover"])]
    assert (seated["member_id"] == "M90010").sum() == 2  # MINR-01 and WOMN-01
    people = members(roster)
    assert len(people) == seated["member_id"].nunique() == len(seated) - 1
    # M90011 declined every question, M90002 left every answer blank: unreported in every dimension
    assert people.set_index("member_id").loc[["M90002", "M90011"]].isna().all().all()
    figures = representation(roster)
    for dimension, f in figures.items():
        assert sum(f["members"].values()) == f["reported"] <= f["all_members"] == len(people), dimension
