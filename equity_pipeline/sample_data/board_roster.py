"""The boards-and-commissions quarterly rosters (contract: `board_roster.yml`).

One row per authorised seat; seats turn over on 3-year terms, with holdovers and vacancies. One
roster was saved from Excel on Windows (Windows-1252), so its members' names are ones that encode.
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

Seat = tuple[str, str, str, str]  # the SEAT_COLUMNS of one seat


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
    member_seq = iter(range(1, 100_000))

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
            m = state[seat]
            if m is not None and m["term_end"] < as_of and rng.random() < 0.35:
                # Term over: replaced now, or left vacant.
                state[seat] = m = (
                    new_member(as_of - dt.timedelta(days=int(rng.integers(0, 80)))) if rng.random() < 0.7 else None
                )
            elif m is None and rng.random() < 0.3:
                state[seat] = m = new_member(as_of - dt.timedelta(days=int(rng.integers(0, 80))))
            if m is None:
                rows.append(
                    dict.fromkeys(header, "") | dict(zip(SEAT_COLUMNS, seat, strict=True)) | {"status": "Vacant"}
                )
                continue
            status = "Holdover" if m["term_end"] < as_of else "Filled"
            dates = {k: v.isoformat() for k, v in m.items() if isinstance(v, dt.date)}
            rows.append(dict(zip(SEAT_COLUMNS, seat, strict=True)) | {"status": status} | m | dates)
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
