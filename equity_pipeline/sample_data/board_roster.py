"""The boards-and-commissions quarterly rosters (contract: `board_roster.yml`).

One row per authorised seat; seats turn over on 3-year terms, with holdovers and vacancies. One
roster was saved from Excel on Windows (Windows-1252), so its members' names are ones that encode.
Besides the seeded turnover, a few seats follow a fixed script (`SCRIPT`) and one board is wound up
mid-history, so that every case the published board tables must handle is in the sample whatever
the draws: long, broken and day-old vacancies, holdovers, terms ending at the 90-day edge, declined
and blank answers, multi-race and Hispanic answers, and a member sitting on two boards.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from equity_pipeline.sample_data.common import Expected, allowed, columns, quarter_ends, write_csv
from equity_pipeline.sample_data.population import DECLINED, FIRST_NAMES, LAST_NAMES, races

SOURCE = "board_roster"
BOARDS = [  # (code, name, seats)
    ("AEDC", "Anchorage Equal Rights Commission", 9),
    ("PZC", "Planning and Zoning Commission", 9),
    ("LIBB", "Library Advisory Board", 11),
    ("PRKC", "Parks and Recreation Commission", 9),
    ("HLTH", "Health Policy Commission", 11),
    ("TRNS", "Public Transit Advisory Board", 9),
    ("YOUTH", "Youth Advisory Commission", 15),
    ("SENR", "Senior Citizens Advisory Commission", 11),
    ("BLDG", "Building Board", 7),
    ("ETHC", "Board of Ethics", 5),
    ("HIST", "Historic Preservation Commission", 9),
    ("ARTS", "Public Art Advisory Commission", 9),
    ("HOUS", "Housing and Homeless Services Commission", 11),
    ("BIKE", "Bicycle and Pedestrian Advisory Committee", 9),
    ("WOMN", "Women's Commission", 11),
    ("ACCS", "ADA Advisory Commission", 9),
    ("ZONE", "Zoning Board of Examiners and Appeals", 7),
    ("GEO", "Geotechnical Advisory Commission", 7),
    ("MINR", "Minority Community Advisory Commission", 11),
    ("UTIL", "Utility Advisory Board", 7),
]
CP1252_SAFE_FIRST = [n for n in FIRST_NAMES if n.encode("cp1252", "ignore").decode("cp1252") == n]
CP1252_EXPORT = dt.date(2022, 6, 30)
SEAT_COLUMNS = ("board_code", "board_name", "seat_id", "seat_type")

# The sample's deliberate departure from the contract: a Filled seat without a term_start (quarantined).
MISSING_TERM_EXPORT = dt.date(2025, 3, 31)

# A board wound up mid-history: its seats are in every roster up to this date and in none after, so
# it is in the representation history but not in today's boards.
DISSOLVED_BOARD, DISSOLVED_AFTER = "UTIL", dt.date(2023, 6, 30)

Seat = tuple[str, str, str, str]  # the SEAT_COLUMNS of one seat


# The scripted members: member_id -> (term_start, term_end, race_ethnicity, sex, age_band, disability,
# veteran), written as a clerk writes them (flags Y/N, races ';'-joined in any order, '' for blank).
SCRIPTED_MEMBERS = {
    "M90001": ("2019-07-01", "2022-07-01", "White", "Female", "45-54", "", ""),
    "M90002": ("2023-01-15", "2026-01-15", "", "", "", "", ""),
    "M90003": ("2024-05-01", "2027-05-01", "Asian", "Male", "25-34", "", ""),
    "M90004": ("2023-07-01", "2026-07-01", "Asian", "Female", "25-34", "", ""),
    "M90005": ("2023-03-31", "2026-03-31", "Black or African American;White", "Female", "35-44", "N", "N"),
    "M90006": ("2023-04-01", "2026-04-01", "Hispanic or Latino", "Male", "25-34", "", "Y"),
    "M90007": ("2022-12-31", "2025-12-31", "White;Hispanic or Latino", "Nonbinary", "18-24", "Y", "N"),
    "M90008": ("2023-02-14", "2026-02-14", "Middle Eastern or North African", "Female", "45-54", "N", "N"),
    "M90009": ("2022-06-30", "2025-06-30", "Middle Eastern or North African;White", "Male", "65+", "N", "Y"),
    "M90010": ("2024-01-01", "2027-01-01", "American Indian or Alaska Native", "Female", "55-64", "N", "N"),
    "M90011": ("2021-11-30", "2024-11-30", DECLINED, DECLINED, DECLINED, DECLINED, DECLINED),
    "M90012": (
        "2024-07-01",
        "2027-07-01",
        "Asian;Hispanic or Latino;Native Hawaiian or Pacific Islander",
        "Male",
        "35-44",
        "",
        "",
    ),  # noqa: E501
}
# seat_id -> [(roster date, member_id or None for vacant), ...]: from each date on, the seat is as given;
# before the first date it follows the seeded turnover. Days are counted to the newest roster, 2025-12-31.
SCRIPT: dict[str, list[tuple[str, str | None]]] = {
    # Holding over from 2022-09-30, then vacant in the six newest rosters: since 2024-09-30, 457 days.
    "AEDC-01": [("2021-03-31", "M90001"), ("2024-09-30", None)],
    # Vacant in every roster: counted from the oldest, 2021-03-31, 1,736 days.
    "GEO-07": [("2021-03-31", None)],
    # An earlier vacancy (2022-03-31 .. 2022-12-31) since filled, by a member who left every answer blank.
    "PZC-04": [("2022-03-31", None), ("2023-03-31", "M90002")],
    # A broken run: vacant 2023-09-30 .. 2024-03-31, filled, vacant again from 2025-09-30: 92 days, not 2023's.
    "PZC-05": [("2023-09-30", None), ("2024-06-30", "M90003"), ("2025-09-30", None)],
    # Vacant in the newest roster only (a resignation mid-term): 0 days.
    "LIBB-03": [("2023-09-30", "M90004"), ("2025-12-31", None)],
    # Filled, terms ending +90 days (counted), +91 (not), on the roster date itself (counted, 0), +45;
    # members reporting two races, Hispanic or Latino alone, Hispanic with White, Middle Eastern alone.
    "HLTH-02": [("2023-06-30", "M90005")],
    "HLTH-03": [("2023-06-30", "M90006")],
    "HLTH-04": [("2022-12-31", "M90007")],
    "TRNS-01": [("2023-03-31", "M90008")],
    # Holdovers in the newest roster: terms ended 2025-06-30 (184 days past) and 2024-11-30 (396 days);
    # Middle Eastern with White, and a member declining every question.
    "SENR-02": [("2022-06-30", "M90009")],
    "BLDG-01": [("2021-12-31", "M90011")],
    # One member on two boards (counted once), and a Hispanic member reporting two races.
    "MINR-01": [("2024-03-31", "M90010")],
    "WOMN-01": [("2024-03-31", "M90010")],
    "MINR-02": [("2024-09-30", "M90012")],
}


def _scripted(member_id: str) -> dict:
    """A scripted member as a roster row's member columns (dates as dates, like a drawn member)."""
    start, end, race, sex, age_band, disability, veteran = SCRIPTED_MEMBERS[member_id]
    return {
        "member_id": member_id,
        "member_name": f"{CP1252_SAFE_FIRST[int(member_id[-2:]) % len(CP1252_SAFE_FIRST)]} {LAST_NAMES[1]}",
        "appointed_date": dt.date.fromisoformat(start) - dt.timedelta(days=21),
        "term_start": dt.date.fromisoformat(start),
        "term_end": dt.date.fromisoformat(end),
        "race_ethnicity": race,
        "sex": sex,
        "disability": disability,
        "veteran": veteran,
        "age_band": age_band,
    }


def _script_at(seat_id: str, as_of: dt.date) -> tuple[bool, dict | None]:
    """(whether the script holds the seat at as_of, its member or None for vacant)."""
    current = [m for since, m in SCRIPT.get(seat_id, []) if dt.date.fromisoformat(since) <= as_of]
    if not current:
        return False, None
    return True, None if current[-1] is None else _scripted(current[-1])


def _seats(scale: float) -> list[Seat]:
    """Every authorised seat; beyond the 20 boards (scale > 1) the list repeats under new codes."""
    n_boards = max(1, int(round(len(BOARDS) * scale)))
    seats = []
    for b in range(n_boards):
        code, name, size = BOARDS[b % len(BOARDS)]
        code = code if b < len(BOARDS) else f"{code}{b // len(BOARDS)}"
        for s in range(1, size + 1):
            seats.append((code, name, f"{code}-{s:02d}", "At-Large" if s % 3 else f"Assembly District {1 + s % 6}"))
    return seats


def _member_maker(rng: np.random.Generator) -> Callable[[dt.date], dict]:
    """A function drawing a new member whose term starts on a date, numbered M00001 onwards."""
    member_seq = iter(range(1, 90_000))

    def new_member(start: dt.date) -> dict:
        race = races(rng, 1)[0] if rng.random() < 0.7 else ""
        return {
            "member_id": f"M{next(member_seq):05d}",
            "member_name": f"{rng.choice(CP1252_SAFE_FIRST)} {rng.choice(LAST_NAMES[:6])}",
            "appointed_date": start - dt.timedelta(days=int(rng.integers(10, 40))),
            "term_start": start,
            "term_end": start + dt.timedelta(days=3 * 365),
            "race_ethnicity": race,
            "sex": rng.choice([*allowed(SOURCE, "sex"), ""], p=[0.45, 0.4, 0.02, 0.03, 0.1]),
            # Flags as the clerk writes them; most members leave them blank.
            "disability": rng.choice(["", "N", "Y", DECLINED], p=[0.5, 0.4, 0.07, 0.03]),
            "veteran": rng.choice(["", "N", "Y"], p=[0.5, 0.4, 0.1]),
            "age_band": rng.choice([*allowed(SOURCE, "age_band"), ""]),
        }

    return new_member


def _turnover(rng: np.random.Generator, m: dict | None, as_of: dt.date, new_member: Callable) -> dict | None:
    """The seeded quarter of an unscripted seat: a term over is replaced or left vacant; a vacancy may fill."""
    if m is not None and m["term_end"] < as_of and rng.random() < 0.35:
        return new_member(as_of - dt.timedelta(days=int(rng.integers(0, 80)))) if rng.random() < 0.7 else None
    if m is None and rng.random() < 0.3:
        return new_member(as_of - dt.timedelta(days=int(rng.integers(0, 80))))
    return m


def _row(header: list[str], seat: Seat, m: dict | None, as_of: dt.date) -> dict:
    if m is None:
        return dict.fromkeys(header, "") | dict(zip(SEAT_COLUMNS, seat, strict=True)) | {"status": "Vacant"}
    status = "Holdover" if m["term_end"] < as_of else "Filled"
    dates = {k: v.isoformat() for k, v in m.items() if isinstance(v, dt.date)}
    return dict(zip(SEAT_COLUMNS, seat, strict=True)) | {"status": status} | m | dates


def write(rng: np.random.Generator, out: Path, scale: float) -> Expected:
    """Quarterly rosters of every seat, as its member stood (or the seat lay vacant) that quarter."""
    exp = Expected()
    header = columns(SOURCE)
    seats = _seats(scale)
    new_member = _member_maker(rng)
    state = {}  # seat -> the sitting member, or None when vacant
    for seat in seats:
        if rng.random() < 0.85:
            state[seat] = new_member(dt.date(2018, 1, 1) + dt.timedelta(days=int(rng.integers(0, 3 * 365))))
        else:
            state[seat] = None
    for as_of in quarter_ends():
        rows = []
        for seat in seats:
            if seat[0] == DISSOLVED_BOARD and as_of > DISSOLVED_AFTER:
                continue
            scripted, member = _script_at(seat[2], as_of)
            state[seat] = member if scripted else _turnover(rng, state[seat], as_of, new_member)
            rows.append(_row(header, seat, state[seat], as_of))
        frame = pd.DataFrame(rows, columns=header)
        file = f"{SOURCE}_{as_of}.csv"
        if as_of == MISSING_TERM_EXPORT:
            filled = frame.index[frame["status"] == "Filled"][0]
            frame.loc[filled, "term_start"] = ""
            exp.quarantine(file, int(filled) + 2, "Filled seat without term_start")
        write_csv(frame, out / SOURCE / file, "cp1252" if as_of == CP1252_EXPORT else "utf-8")
        exp.files += 1
        exp.rows_landed += len(frame)
    exp.rows_landed -= exp.rows_quarantined
    return exp
