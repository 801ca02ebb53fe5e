"""Seeded generator of realistic sample exports for all five sources (`data_raw/`).

A municipality of Anchorage's size (about 2,600 employees in 15 departments),
FY2021-FY2025, several exports per source, in the messy forms departments really
send: CRLF line endings, a UTF-8 BOM, a Windows-1252 file, an .xlsx loss run,
US and ISO dates, a re-delivered file, a `_v2` correction, and a handful of
invalid rows. The training roster reproduces the department's published table
(FY2021 Q4: 1 training session; FY2023 Q3: 1 training session, 5 community
engagement opportunities, 1,532 attendance).

`generate(out_dir, seed, scale)` writes the files and returns what a correct
loader must land, so tests compare the pipeline against the generator.

Usage: python -m equity_pipeline.sample_data.generator [--out data_raw] [--seed 2023] [--scale 1.0]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

FIRST_YEAR, LAST_YEAR = 2021, 2025
DEPARTMENTS = {
    "APD": ("Anchorage Police Department", 0.22),
    "AFD": ("Anchorage Fire Department", 0.15),
    "PW": ("Public Works", 0.10),
    "AWWU": ("Anchorage Water & Wastewater Utility", 0.10),
    "ML&P": ("Municipal Light & Power Legacy Office", 0.02),
    "PRK": ("Parks and Recreation", 0.07),
    "LIB": ("Anchorage Public Library", 0.04),
    "HD": ("Anchorage Health Department", 0.07),
    "TRN": ("Public Transportation", 0.08),
    "MOA-HR": ("Human Resources", 0.02),
    "FIN": ("Finance", 0.04),
    "IT": ("Information Technology", 0.04),
    "PLN": ("Planning", 0.02),
    "LAW": ("Municipal Attorney", 0.02),
    "OEJ": ("Office of Equity and Justice", 0.01),
}
EEO4 = [
    "Officials and Administrators",
    "Professionals",
    "Technicians",
    "Protective Service Workers",
    "Paraprofessionals",
    "Administrative Support",
    "Skilled Craft Workers",
    "Service-Maintenance",
]
RACES = [
    "White",
    "American Indian or Alaska Native",
    "Black or African American",
    "Asian",
    "Native Hawaiian or Pacific Islander",
    "Hispanic or Latino",
    "Middle Eastern or North African",
]
# Shares near the Municipality of Anchorage 2020 Census reference; the last two are
# multiracial and non-response.
RACE_P = [0.50, 0.07, 0.05, 0.09, 0.03, 0.07, 0.01, 0.10, 0.08]
FIRST_NAMES = [
    "José",
    "María",
    "John",
    "Anna",
    "Qaġġun",
    "Ngozi",
    "Mei",
    "Tuilagi",
    "Sarah",
    "David",
    "Aleksandr",
    "Hồng",
    "Kiana",
    "Nayeli",
    "Peter",
    "Lupe",
    "Amaruq",
    "Grace",
    "Omar",
    "Ji-woo",
]
LAST_NAMES = [
    "Ñunez",
    "Smith",
    "Johnson",
    "Nguyen",
    "Kim",
    "Alexie",
    "Fa'amausili",
    "O'Brien",
    "García",
    "Ahgupuk",
    "Lee",
    "Brown",
    "Petrov",
    "Tupou",
    "Hernández",
    "Wilson",
    "Chang",
    "Jackson",
]
CP1252_SAFE_FIRST = [n for n in FIRST_NAMES if n.encode("cp1252", "ignore").decode("cp1252") == n]
LANGUAGES = [  # (as written in the log, weight)
    ("spa", 20),
    ("Spanish", 10),
    ("tgl", 10),
    ("Tagalog", 6),
    ("kor", 8),
    ("Korean", 4),
    ("hmn", 6),
    ("Hmong", 4),
    ("smo", 6),
    ("Samoan", 4),
    ("esu", 4),
    ("Yupik", 3),
    ("ypk", 2),
    ("ase", 5),
    ("American Sign Language", 3),
    ("rus", 3),
    ("vie", 3),
    ("Vietnamese", 2),
    ("lao", 2),
    ("zho", 2),
    ("ton", 2),
    ("Ukrainian", 2),
    ("ipk", 2),
    ("jpn", 1),
]


@dataclass
class Expected:
    """What a correct loader must do with the files of one source."""

    files: int = 0
    rows_landed: int = 0
    rows_quarantined: int = 0
    duplicates: int = 0
    superseded: int = 0
    bad_rows: list[tuple[str, int]] = field(default_factory=list)  # (file, line) the loader must quarantine
    notes: list[str] = field(default_factory=list)


def quarter_ends(first: int = FIRST_YEAR, last: int = LAST_YEAR) -> list[dt.date]:
    return [d.date() for d in pd.date_range(f"{first}-01-01", f"{last}-12-31", freq="QE")]


def month_ends(first: int = FIRST_YEAR, last: int = LAST_YEAR) -> list[dt.date]:
    return [d.date() for d in pd.date_range(f"{first}-01-01", f"{last}-12-31", freq="ME")]


def _us(d: pd.Series) -> pd.Series:
    return pd.to_datetime(d).dt.strftime("%m/%d/%Y").where(d.notna(), "")


def _iso(d: pd.Series) -> pd.Series:
    return pd.to_datetime(d).dt.strftime("%Y-%m-%d").where(d.notna(), "")


def _write_csv(frame: pd.DataFrame, path: Path, encoding: str = "utf-8", crlf: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = frame.to_csv(index=False, lineterminator="\r\n" if crlf else "\n")
    path.write_bytes(text.encode(encoding))


def _races(rng: np.random.Generator, n: int) -> np.ndarray:
    pick = rng.choice(len(RACE_P), size=n, p=RACE_P)
    single = np.array(RACES + ["", ""], dtype=object)[pick]
    multi_idx = np.flatnonzero(pick == 7)
    for i in multi_idx:  # multiracial: two distinct races
        a, b = rng.choice(6, size=2, replace=False)
        single[i] = f"{RACES[a]};{RACES[b]}"
    declined = np.flatnonzero(pick == 8)
    single[declined[: len(declined) // 2]] = "Declined to State"
    return single


# --- hr_workforce -----------------------------------------------------------------------------


def _employees(rng: np.random.Generator, scale: float) -> pd.DataFrame:
    """The whole population ever employed 2018-2025, with hire and separation dates."""
    n_start = int(round(2600 * scale))
    n_hires = int(round(n_start * 0.10 * 5))  # ~10% turnover replaced each year
    n = n_start + n_hires
    codes = list(DEPARTMENTS)
    weights = np.array([DEPARTMENTS[c][1] for c in codes])
    dept = rng.choice(codes, size=n, p=weights / weights.sum())
    start = pd.Timestamp("2021-01-01")
    tenure_days = rng.gamma(2.0, 1500, size=n_start).astype(int) + 30
    hire = np.concatenate(
        [
            (start - pd.to_timedelta(tenure_days, unit="D")).values,
            (start + pd.to_timedelta(rng.integers(0, 5 * 365, size=n_hires), unit="D")).values,
        ]
    )
    hire = pd.to_datetime(hire).normalize()
    # Separation: ~9% a year, counted from January 2021 for the staff already employed then
    # (counting from their hire date would have most long-tenured staff gone before 2021).
    years_to_leave = rng.exponential(11, size=n)
    anchor = pd.Series(hire).where(pd.Series(hire) > start, start)
    term = anchor + pd.to_timedelta((years_to_leave * 365).astype(int), unit="D")
    # About 4% of the January 2021 staff had left in 2018-2020: still in the exports' 3-year window.
    left_earlier = (np.arange(n) < n_start) & (years_to_leave < 0.45)
    earlier = start - pd.to_timedelta((years_to_leave / 0.45 * 3 * 365).astype(int) + 1, unit="D")
    term = term.where(~left_earlier, earlier.where(earlier > pd.Series(hire), pd.Series(hire)))
    term = term.where(term <= pd.Timestamp("2025-12-31"))
    # Those who left before 2021 are not in any export's 3-year window we care about.
    ttype = pd.Series(
        rng.choice(["Voluntary", "Involuntary", "Retirement", "Other"], size=n, p=[0.6, 0.12, 0.23, 0.05])
    )
    ttype = ttype.where(term.notna(), "")
    promo_offset = rng.integers(180, 3000, size=n)
    promo = hire + pd.to_timedelta(promo_offset, unit="D")
    promo = pd.Series(promo).where((rng.random(n) < 0.55) & (promo < pd.Timestamp("2025-12-31")))
    birth = hire - pd.to_timedelta(rng.integers(20 * 365, 55 * 365, size=n), unit="D")
    frame = pd.DataFrame(
        {
            "employee_id": [f"E{i:06d}" for i in range(100, 100 + n)],
            "first_name": rng.choice(FIRST_NAMES, size=n),
            "last_name": rng.choice(LAST_NAMES, size=n),
            "birth_date": birth,
            "department_code": dept,
            "department_name": [DEPARTMENTS[c][0] for c in dept],
            "job_class_code": [f"JC{x:04d}" for x in rng.integers(1000, 1400, size=n)],
            "job_title": rng.choice(
                [
                    "Analyst",
                    "Officer",
                    "Technician",
                    "Clerk",
                    "Engineer",
                    "Manager",
                    "Firefighter",
                    "Librarian",
                    "Operator",
                    "Specialist",
                ],
                size=n,
            ),
            "eeo4_job_category": rng.choice(EEO4, size=n, p=[0.06, 0.22, 0.1, 0.25, 0.07, 0.12, 0.1, 0.08]),
            "employment_type": rng.choice(
                ["Full-Time", "Part-Time", "Seasonal", "Temporary"], size=n, p=[0.85, 0.07, 0.05, 0.03]
            ),
            "hire_date": hire,
            "termination_date": term,
            "termination_type": ttype,
            "last_promotion_date": promo,
            "race_ethnicity": _races(rng, n),
            "sex": rng.choice(
                ["Female", "Male", "Nonbinary", "Declined to State", ""], size=n, p=[0.44, 0.52, 0.01, 0.01, 0.02]
            ),
            "disability": rng.choice(["N", "Y", "Declined to State", ""], size=n, p=[0.82, 0.06, 0.05, 0.07]),
            "veteran": rng.choice(["No", "Yes", "Declined to State", ""], size=n, p=[0.8, 0.12, 0.03, 0.05]),
        }
    )
    frame["fte"] = np.where(frame["employment_type"] == "Full-Time", "1.0", rng.choice(["0.5", "0.75", "0.6"], size=n))
    # Nobody ever exported who left before the 3-year window of the first export.
    return frame[frame["termination_date"].isna() | (frame["termination_date"] >= pd.Timestamp("2018-03-31"))]


def write_hr_workforce(rng: np.random.Generator, out: Path, scale: float, employees: pd.DataFrame) -> Expected:
    exp = Expected()
    columns = [
        "employee_id",
        "first_name",
        "last_name",
        "birth_date",
        "department_code",
        "department_name",
        "job_class_code",
        "job_title",
        "eeo4_job_category",
        "employment_type",
        "fte",
        "hire_date",
        "termination_date",
        "termination_type",
        "last_promotion_date",
        "race_ethnicity",
        "sex",
        "disability",
        "veteran",
    ]
    for i, as_of in enumerate(quarter_ends()):
        ts = pd.Timestamp(as_of)
        e = employees[
            (employees["hire_date"] <= ts)
            & (employees["termination_date"].isna() | (employees["termination_date"] > ts - pd.DateOffset(years=3)))
        ].copy()
        # What HR knew on the export date: later separations and promotions had not happened.
        future_term = e["termination_date"] > ts
        e.loc[future_term, "termination_date"] = pd.NaT
        e.loc[future_term, "termination_type"] = ""
        e.loc[e["last_promotion_date"] > ts, "last_promotion_date"] = pd.NaT
        us_dates = i % 2 == 1  # alternate exports come from a system that writes US dates
        fmt = _us if us_dates else _iso
        for col in ("birth_date", "hire_date", "termination_date", "last_promotion_date"):
            e[col] = fmt(e[col])
        e = e[columns].sort_values("employee_id").reset_index(drop=True)
        encoding, crlf = "utf-8", False
        if as_of == dt.date(2022, 6, 30):
            encoding, crlf = "utf-8-sig", True  # Excel "CSV UTF-8"
        if as_of == dt.date(2023, 12, 31):
            # Schema drift: the HR system added a column the contract does not know.
            e.insert(5, "Union_Local", "AFSCME 52")
            e.columns = [c.upper() if c in ("employee_id", "fte") else c for c in e.columns]
        if as_of == dt.date(2024, 3, 31):
            # One clerk's hand edit: an impossible date and a termination before hire.
            e.loc[3, "hire_date"] = "02/30/2019"
            e.loc[7, "termination_date"] = "1999-01-01"
            e.loc[7, "termination_type"] = "Voluntary"
            exp.rows_quarantined += 2
            exp.bad_rows += [("hr_workforce_2024-03-31.csv", 5), ("hr_workforce_2024-03-31.csv", 9)]
            exp.notes.append("hr_workforce_2024-03-31.csv: 2 invalid rows (lines 5 and 9)")
        _write_csv(e, out / "hr_workforce" / f"hr_workforce_{as_of}.csv", encoding, crlf)
        exp.files += 1
        exp.rows_landed += len(e)
    exp.rows_landed -= exp.rows_quarantined
    return exp


# --- training_roster ------------------------------------------------------------------------

TRAINING_PROGRAMS = ["DEI Training", "EEO Training", "Contractor Compliance Training"]
COURSES = {
    "DEI Training": ("DEI-101", "Foundations of Diversity, Equity and Inclusion"),
    "EEO Training": ("EEO-200", "Equal Employment Opportunity for Supervisors"),
    "Contractor Compliance Training": ("CCT-300", "Contractor EEO Compliance"),
    "Community Engagement": ("CE-100", "Community Conversation on Equity"),
}


def _session_rows(
    rng: np.random.Generator,
    session_id: str,
    program: str,
    date: dt.date,
    employees: pd.DataFrame,
    attended: int,
    extra_statuses: tuple[int, int] = (0, 0),
    headcounts: list[int] | None = None,
    contractors: int = 0,
) -> pd.DataFrame:
    """Rows of one session: `attended` attendance (or community headcount rows), plus no-shows/cancelled."""
    code, title = COURSES[program]
    base = {
        "session_id": session_id,
        "program": program,
        "course_code": code,
        "course_title": title,
        "session_date": date.isoformat(),
        "duration_hours": "2.0" if program != "Community Engagement" else "1.5",
        "delivery_mode": rng.choice(["In-Person", "Virtual", "Hybrid"]),
        "host_department_code": "OEJ" if program != "EEO Training" else "MOA-HR",
    }
    rows = []
    if headcounts is not None:
        for hc in headcounts:
            rows.append(
                {
                    **base,
                    "attendee_type": "Community",
                    "attendee_id": "",
                    "attendee_name": "",
                    "contractor_company": "",
                    "attendance_status": "Attended",
                    "headcount": str(hc),
                }
            )
        return pd.DataFrame(rows)
    ts = pd.Timestamp(date)
    active = employees[
        (employees["hire_date"] <= ts) & (employees["termination_date"].isna() | (employees["termination_date"] > ts))
    ]
    n_emp = attended - contractors + sum(extra_statuses)
    picks = active.sample(n=n_emp, random_state=int(rng.integers(0, 2**31)))
    statuses = (
        ["Completed"] * (attended - contractors - attended // 4)
        + ["Attended"] * (attended // 4)
        + ["No-Show"] * extra_statuses[0]
        + ["Cancelled"] * extra_statuses[1]
    )
    for (_, emp), status in zip(picks.iterrows(), statuses, strict=True):
        rows.append(
            {
                **base,
                "attendee_type": "Employee",
                "attendee_id": emp["employee_id"],
                "attendee_name": f"{emp['first_name']} {emp['last_name']}",
                "contractor_company": "",
                "attendance_status": status,
                "headcount": "",
            }
        )
    for k in range(contractors):
        rows.append(
            {
                **base,
                "attendee_type": "Contractor",
                "attendee_id": f"V{int(rng.integers(1000, 9999))}-{k}",
                "attendee_name": "Contractor Contact",
                "contractor_company": rng.choice(["Arctic Paving LLC", "Chugach Electric Services", "Denali Builders"]),
                "attendance_status": "Completed",
                "headcount": "",
            }
        )
    return pd.DataFrame(rows)


def write_training_roster(rng: np.random.Generator, out: Path, employees: pd.DataFrame) -> Expected:
    """One export per quarter; the plan fixes FY2021 and FY2023 to the published table."""
    exp = Expected()
    columns = [
        "session_id",
        "program",
        "course_code",
        "course_title",
        "session_date",
        "duration_hours",
        "delivery_mode",
        "host_department_code",
        "attendee_type",
        "attendee_id",
        "attendee_name",
        "contractor_company",
        "attendance_status",
        "headcount",
    ]
    seq = iter(range(1, 10_000))
    for as_of in quarter_ends():
        q_start = (pd.Timestamp(as_of) - pd.offsets.QuarterBegin(startingMonth=1)).date()
        year, quarter = as_of.year, (as_of.month - 1) // 3 + 1
        days = (as_of - q_start).days

        def on(day: int, q_start: dt.date = q_start) -> dt.date:
            return q_start + dt.timedelta(days=day)

        frames = []
        if year == 2021 and quarter < 4 or year == 2023 and quarter < 3:
            # No activity: the one session scheduled was cancelled (a cancelled session is not held).
            frames.append(
                _session_rows(
                    rng, f"S{next(seq):05d}", "DEI Training", on(20 + quarter), employees, 0, (0, 8 + quarter)
                )
            )
        elif (year, quarter) == (2021, 4):
            frames.append(_session_rows(rng, f"S{next(seq):05d}", "DEI Training", on(45), employees, 18, (2, 0)))
        elif (year, quarter) == (2023, 3):
            frames.append(_session_rows(rng, f"S{next(seq):05d}", "DEI Training", on(30), employees, 32, (5, 3)))
            for i, hc in enumerate([310, 295, 305, 290, 300]):
                frames.append(
                    _session_rows(
                        rng,
                        f"S{next(seq):05d}",
                        "Community Engagement",
                        on(10 + 15 * i),
                        employees,
                        0,
                        headcounts=[hc - 40, 40] if i == 0 else [hc],
                    )
                )
        else:
            growth = 1.0 + 0.08 * (year - 2022)
            seasonal = {1: 0.8, 2: 1.1, 3: 0.7, 4: 1.2}[quarter]
            for program in [*TRAINING_PROGRAMS, "Community Engagement"]:
                n = int(rng.poisson(3 * growth * seasonal))
                for _ in range(n):
                    day = on(int(rng.integers(0, days)))
                    sid = f"S{next(seq):05d}"
                    if program == "Community Engagement":
                        frames.append(
                            _session_rows(rng, sid, program, day, employees, 0, headcounts=[int(rng.integers(20, 220))])
                        )
                    else:
                        contractors = int(rng.integers(3, 12)) if program == "Contractor Compliance Training" else 0
                        frames.append(
                            _session_rows(
                                rng,
                                sid,
                                program,
                                day,
                                employees,
                                int(rng.integers(12, 40)) + contractors,
                                (int(rng.integers(0, 4)), int(rng.integers(0, 2))),
                                contractors=contractors,
                            )
                        )
        roster = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
        roster = roster[columns]
        path = out / "training_roster" / f"training_roster_{as_of}.csv"
        if (year, quarter) == (2023, 3):
            # v1 left out the last community event's sign-in sheet; v2 is the correction.
            last_session = roster["session_id"].iloc[-1]
            _write_csv(roster[roster["session_id"] != last_session], path)
            exp.files += 1
            exp.superseded += 1
            path = out / "training_roster" / f"training_roster_{as_of}_v2.csv"
        if (year, quarter) == (2024, 2):
            roster.loc[len(roster) - 1, "session_date"] = "2024-06-31"  # impossible date
            exp.rows_quarantined += 1
            exp.bad_rows.append((f"training_roster_{as_of}.csv", len(roster) + 1))
            exp.notes.append(f"training_roster_{as_of}.csv: line {len(roster) + 1} has an impossible session_date")
        _write_csv(roster, path, crlf=year == 2025)
        exp.files += 1
        exp.rows_landed += len(roster)
    exp.rows_landed -= exp.rows_quarantined
    return exp


# --- wc_claims ------------------------------------------------------------------------------


def write_wc_claims(rng: np.random.Generator, out: Path, scale: float, employees: pd.DataFrame) -> Expected:
    """Monthly loss runs; each values every claim reported so far, so claims develop across runs."""
    exp = Expected()
    n = int(round(150 * 5 * scale))
    injury = pd.Timestamp("2021-01-01") + pd.to_timedelta(rng.integers(0, 5 * 365, size=n), unit="D")
    lag = np.where(rng.random(n) < 0.75, rng.integers(0, 8, size=n), rng.integers(8, 45, size=n))
    reported = injury + pd.to_timedelta(lag, unit="D")
    ctype = rng.choice(["Report Only", "Medical Only", "Lost Time"], size=n, p=[0.3, 0.45, 0.25])
    recordable = (ctype == "Lost Time") | ((ctype == "Medical Only") & (rng.random(n) < 0.6))
    outcome = np.where(
        ctype == "Lost Time",
        rng.choice(["Days Away", "Job Transfer or Restriction"], size=n, p=[0.75, 0.25]),
        "Other Recordable",
    )
    outcome = np.where(recordable, outcome, "")
    outcome[(ctype == "Lost Time") & (rng.random(n) < 0.004)] = "Death"
    days_away = np.where(outcome == "Days Away", rng.gamma(1.5, 40, size=n).astype(int) + 1, 0)
    days_restricted = np.where(outcome == "Job Transfer or Restriction", rng.integers(5, 120, size=n), 0)
    ultimate = np.where(
        ctype == "Lost Time",
        rng.lognormal(10.0, 0.9, size=n),
        np.where(ctype == "Medical Only", rng.lognormal(7.5, 0.8, size=n), 0.0),
    )
    close_months = np.where(ctype == "Report Only", 1, rng.integers(2, 30, size=n))
    reopen = (ctype == "Lost Time") & (rng.random(n) < 0.08)
    denied = (ctype == "Medical Only") & (rng.random(n) < 0.05)
    active = employees[
        employees["termination_date"].isna() | (employees["termination_date"] >= pd.Timestamp("2021-01-01"))
    ]
    emp = active.sample(n=n, replace=True, random_state=int(rng.integers(0, 2**31)))
    claims = pd.DataFrame(
        {
            "claim_number": [f"WC{d:%y}-{i:05d}" for i, d in enumerate(injury, start=1)],
            "employee_id": emp["employee_id"].values,
            "claimant_name": (emp["first_name"] + " " + emp["last_name"]).values,
            "department_code": emp["department_code"].values,
            "injury": injury,
            "reported": reported,
            "claim_type": ctype,
            "recordable": recordable,
            "osha_outcome": outcome,
            "days_away": days_away,
            "days_restricted": days_restricted,
            "ultimate": ultimate,
            "close_months": close_months,
            "reopen": reopen,
            "denied": denied,
        }
    )
    claims["injury_nature"] = rng.choice(["Strain", "Laceration", "Contusion", "Fracture", "Burn"], size=n)
    claims["body_part"] = rng.choice(["Back", "Hand", "Knee", "Shoulder", "Head"], size=n)
    claims["cause"] = rng.choice(["Lifting", "Slip on ice", "Struck by object", "Vehicle", "Assault"], size=n)
    claims["description"] = "Employee reported " + claims["injury_nature"].str.lower() + " while at work."
    for k, as_of in enumerate(month_ends()):
        ts = pd.Timestamp(as_of)
        c = claims[claims["reported"] <= ts].copy()
        age = ((ts - c["reported"]).dt.days / 30.44).clip(lower=0)
        closed_at = c["reported"] + pd.to_timedelta((c["close_months"] * 30.44).astype(int), unit="D")
        is_closed = closed_at <= ts
        reopened = c["reopen"] & (closed_at + pd.Timedelta(days=120) <= ts)
        developed = (age / c["close_months"]).clip(upper=1.0)
        paid_total = np.where(c["denied"], 0.0, c["ultimate"] * developed)
        reserve_total = np.where(
            is_closed & ~reopened | c["denied"], 0.0, c["ultimate"] * (1.15 - developed).clip(lower=0)
        )
        reserve_total = np.where(reopened, c["ultimate"] * 0.3, reserve_total)
        status = np.where(c["denied"], "Denied", np.where(reopened, "Reopened", np.where(is_closed, "Closed", "Open")))
        split = np.array([0.6, 0.35, 0.05])
        frame = pd.DataFrame(
            {
                "claim_number": c["claim_number"],
                "employee_id": c["employee_id"],
                "claimant_name": c["claimant_name"],
                "department_code": c["department_code"],
                "injury_date": c["injury"],
                "reported_date": c["reported"],
                "claim_type": c["claim_type"],
                "osha_recordable": np.where(c["recordable"], "Y", "N"),
                "osha_outcome": c["osha_outcome"],
                "days_away": np.minimum(c["days_away"], (age * 30.44).astype(int)),
                "days_restricted": np.minimum(c["days_restricted"], (age * 30.44).astype(int)),
                "injury_nature": c["injury_nature"],
                "body_part": c["body_part"],
                "cause": c["cause"],
                "description": c["description"],
                "status": status,
                "closed_date": closed_at.where(is_closed | reopened),
            }
        )
        for part, share in zip(("medical", "indemnity", "expense"), split, strict=True):
            frame[f"paid_{part}"] = np.round(paid_total * share, 2)
        for part, share in zip(("medical", "indemnity", "expense"), split, strict=True):
            frame[f"reserve_{part}"] = np.round(reserve_total * share, 2)
        frame.loc[
            frame["claim_type"] == "Report Only", [c for c in frame.columns if c.startswith(("paid_", "reserve_"))]
        ] = 0.0
        use_us = k % 3 == 0
        for col in ("injury_date", "reported_date", "closed_date"):
            frame[col] = (_us if use_us else _iso)(frame[col])
        frame = frame.reset_index(drop=True)
        money_cols = [c for c in frame.columns if c.startswith(("paid_", "reserve_"))]
        if k % 4 == 1:  # some loss runs format money like a spreadsheet
            for col in money_cols:
                frame[col] = frame[col].map(lambda v: f"${v:,.2f}")
        else:
            for col in money_cols:
                frame[col] = frame[col].map(lambda v: f"{v:.2f}")
        if as_of == dt.date(2022, 8, 31):
            frame.loc[2, "reported_date"] = "2020-01-01"  # before its injury: quarantined, fixed next month
            exp.rows_quarantined += 1
            exp.bad_rows.append(("wc_claims_2022-08-31.csv", 4))
            exp.notes.append("wc_claims_2022-08-31.csv: line 4 reported before injury")
        if as_of == dt.date(2023, 11, 30):
            frame.loc[5, "paid_medical"] = "-125.00"  # negative money
            exp.rows_quarantined += 1
            exp.bad_rows.append(("wc_claims_2023-11-30.csv", 7))
            exp.notes.append("wc_claims_2023-11-30.csv: line 7 negative paid_medical")
        if as_of == dt.date(2024, 6, 30):
            path = out / "wc_claims" / f"wc_claims_{as_of}.xlsx"
            path.parent.mkdir(parents=True, exist_ok=True)
            xlsx = frame.copy()
            for col in ("injury_date", "reported_date", "closed_date"):  # real Excel dates
                xlsx[col] = pd.to_datetime(xlsx[col], format="%Y-%m-%d" if not use_us else "%m/%d/%Y")
            for col in money_cols:
                xlsx[col] = xlsx[col].str.replace("[$,]", "", regex=True).astype(float)
            xlsx.to_excel(path, index=False, engine="openpyxl")
            _fix_xlsx_timestamps(path)
        else:
            _write_csv(frame, out / "wc_claims" / f"wc_claims_{as_of}.csv", crlf=True)
        exp.files += 1
        exp.rows_landed += len(frame)
    exp.rows_landed -= exp.rows_quarantined
    return exp


def _fix_xlsx_timestamps(path: Path) -> None:
    """Pin the workbook's creation/modification stamps so the file is byte-for-byte reproducible."""
    import zipfile

    fixed = dt.datetime(2024, 7, 1, 8, 0, 0)
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in sorted(src.infolist(), key=lambda i: i.filename):
            data = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                import re

                data = re.sub(rb"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", b"2024-07-01T08:00:00Z", data)
            info = zipfile.ZipInfo(item.filename, date_time=fixed.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, data)
    tmp.replace(path)


# --- board_roster ---------------------------------------------------------------------------

BOARDS = [
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


def write_board_roster(rng: np.random.Generator, out: Path, scale: float) -> Expected:
    """Quarterly rosters; seats turn over on 3-year terms, with holdovers and vacancies."""
    exp = Expected()
    n_boards = max(1, int(round(len(BOARDS) * scale)))
    boards = [BOARDS[i % len(BOARDS)] for i in range(n_boards)]
    seats = []
    for b, (code, name, size) in enumerate(boards):
        code = code if b < len(BOARDS) else f"{code}{b // len(BOARDS)}"
        for s in range(1, size + 1):
            seats.append((code, name, f"{code}-{s:02d}", "At-Large" if s % 3 else f"Assembly District {1 + s % 6}"))
    member_seq = iter(range(1, 100_000))
    state = {}  # seat -> dict of the sitting member, or None when vacant

    def new_member(start: dt.date) -> dict:
        races = _races(rng, 1)[0] if rng.random() < 0.7 else ""
        return {
            "member_id": f"M{next(member_seq):05d}",
            "member_name": f"{rng.choice(CP1252_SAFE_FIRST)} {rng.choice(LAST_NAMES[:6])}",
            "appointed": start - dt.timedelta(days=int(rng.integers(10, 40))),
            "term_start": start,
            "term_end": start + dt.timedelta(days=3 * 365),
            "race_ethnicity": races,
            "sex": rng.choice(["Female", "Male", "Nonbinary", "Declined to State", ""], p=[0.45, 0.4, 0.02, 0.03, 0.1]),
            "disability": rng.choice(["", "N", "Y", "Declined to State"], p=[0.5, 0.4, 0.07, 0.03]),
            "veteran": rng.choice(["", "N", "Y"], p=[0.5, 0.4, 0.1]),
            "age_band": rng.choice(["18-24", "25-34", "35-44", "45-54", "55-64", "65+", "Declined to State", ""]),
        }

    for seat in seats:
        if rng.random() < 0.85:
            start = dt.date(2018, 1, 1) + dt.timedelta(days=int(rng.integers(0, 3 * 365)))
            state[seat] = new_member(start)
        else:
            state[seat] = None
    columns = [
        "board_code",
        "board_name",
        "seat_id",
        "seat_type",
        "status",
        "member_id",
        "member_name",
        "appointed_date",
        "term_start",
        "term_end",
        "race_ethnicity",
        "sex",
        "disability",
        "veteran",
        "age_band",
    ]
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
            code, name, seat_id, seat_type = seat
            if m is None:
                rows.append([code, name, seat_id, seat_type, "Vacant"] + [""] * 10)
                continue
            status = "Holdover" if m["term_end"] < as_of else "Filled"
            rows.append(
                [
                    code,
                    name,
                    seat_id,
                    seat_type,
                    status,
                    m["member_id"],
                    m["member_name"],
                    m["appointed"].isoformat(),
                    m["term_start"].isoformat(),
                    m["term_end"].isoformat(),
                    m["race_ethnicity"],
                    m["sex"],
                    m["disability"],
                    m["veteran"],
                    m["age_band"],
                ]
            )
        frame = pd.DataFrame(rows, columns=columns)
        encoding = "cp1252" if as_of == dt.date(2022, 6, 30) else "utf-8"  # saved from Excel on Windows
        if as_of == dt.date(2025, 3, 31):
            filled = frame.index[frame["status"] == "Filled"][0]
            frame.loc[filled, "term_start"] = ""  # a filled seat without a term: quarantined
            exp.rows_quarantined += 1
            exp.bad_rows.append((f"board_roster_{as_of}.csv", int(filled) + 2))
            exp.notes.append(f"board_roster_{as_of}.csv: line {filled + 2} Filled seat without term_start")
        _write_csv(frame, out / "board_roster" / f"board_roster_{as_of}.csv", encoding)
        exp.files += 1
        exp.rows_landed += len(frame)
    exp.rows_landed -= exp.rows_quarantined
    return exp


# --- language_access ------------------------------------------------------------------------


def write_language_access(rng: np.random.Generator, out: Path, scale: float) -> Expected:
    """Monthly request logs; one is re-delivered byte-for-byte under another name."""
    exp = Expected()
    langs, weights = zip(*LANGUAGES, strict=True)
    p = np.array(weights) / sum(weights)
    depts = list(DEPARTMENTS)
    seq = iter(range(1, 1_000_000))
    for k, as_of in enumerate(month_ends()):
        month_start = as_of.replace(day=1)
        n = int(rng.poisson(110 * scale * (1 + 0.05 * (as_of.year - 2021))))
        received = pd.Timestamp(month_start) + pd.to_timedelta(
            rng.integers(0, (as_of - month_start).days * 24 * 60 + 1, size=n), unit="min"
        )
        received = received.sort_values()
        service = rng.choice(
            [
                "Interpretation - Phone",
                "Interpretation - Video",
                "Interpretation - In Person",
                "Translation",
                "ASL",
                "CART",
            ],
            size=n,
            p=[0.35, 0.15, 0.2, 0.2, 0.07, 0.03],
        )
        language = np.array(langs, dtype=object)[rng.choice(len(langs), size=n, p=p)]
        language = np.where(np.isin(service, ["ASL"]), "ase", language)
        status = rng.choice(
            ["Fulfilled", "Partially Fulfilled", "Unfulfilled", "Cancelled"], size=n, p=[0.84, 0.03, 0.09, 0.04]
        )
        needed = received + pd.to_timedelta(rng.integers(2, 240, size=n), unit="h")
        response = pd.to_timedelta(rng.gamma(2.0, 30, size=n).astype(int) + 1, unit="h")
        fulfilled = (received + response).where(np.isin(status, ["Fulfilled", "Partially Fulfilled"]))
        translation = service == "Translation"
        frame = pd.DataFrame(
            {
                "request_id": [f"LA{as_of:%Y%m}-{next(seq):06d}" for _ in range(n)],
                "received_at": received,
                "department_code": rng.choice(depts, size=n),
                "language": language,
                "service_type": service,
                "vital_document": np.where(translation, rng.choice(["Y", "N"], size=n, p=[0.4, 0.6]), ""),
                "provider": rng.choice(["Vendor", "Bilingual Staff", "Volunteer"], size=n, p=[0.7, 0.25, 0.05]),
                "needed_by": needed.where(rng.random(n) < 0.8),
                "fulfilled_at": fulfilled,
                "status": status,
                "minutes": np.where(translation, "", rng.integers(10, 120, size=n).astype(str)),
                "word_count": np.where(translation, rng.integers(200, 5000, size=n).astype(str), ""),
                "cost": np.round(rng.gamma(2.0, 60, size=n), 2),
            }
        )
        ts_format = "%m/%d/%Y %H:%M" if k % 2 else "%Y-%m-%dT%H:%M:%S"
        for col in ("received_at", "needed_by", "fulfilled_at"):
            frame[col] = pd.to_datetime(frame[col]).dt.strftime(ts_format).where(frame[col].notna(), "")
        frame["cost"] = frame["cost"].map(lambda v: f"{v:.2f}")
        if as_of == dt.date(2023, 2, 28):
            frame.loc[4, "language"] = "Pacific Islander"  # a people, not a language
            exp.rows_quarantined += 1
            exp.bad_rows.append(("language_access_2023-02-28.csv", 6))
            exp.notes.append("language_access_2023-02-28.csv: line 6 unknown language")
        path = out / "language_access" / f"language_access_{as_of}.csv"
        _write_csv(frame, path)
        exp.files += 1
        exp.rows_landed += len(frame)
        if as_of == dt.date(2024, 5, 31):
            # The department e-mailed the same export twice; the second copy was saved under another name.
            shutil.copyfile(path, path.with_name(f"language_access_{as_of}_v2.csv"))
            exp.files += 1
            exp.duplicates += 1
    exp.rows_landed -= exp.rows_quarantined
    return exp


def generate(out_dir: Path, seed: int = 2023, scale: float = 1.0) -> dict[str, Expected]:
    """Write every source's sample exports under out_dir; return what a correct loader lands."""
    out_dir = Path(out_dir)
    for source in ("hr_workforce", "training_roster", "wc_claims", "board_roster", "language_access"):
        shutil.rmtree(out_dir / source, ignore_errors=True)
    rng = np.random.default_rng(seed)
    employees = _employees(rng, scale)
    expected = {
        "hr_workforce": write_hr_workforce(rng, out_dir, scale, employees),
        "training_roster": write_training_roster(rng, out_dir, employees),
        "wc_claims": write_wc_claims(rng, out_dir, scale, employees),
        "board_roster": write_board_roster(rng, out_dir, scale),
        "language_access": write_language_access(rng, out_dir, scale),
    }
    return expected


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("data_raw"))
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    expected = generate(args.out, args.seed, args.scale)
    print(json.dumps({k: v.__dict__ for k, v in expected.items()}, indent=2))


if __name__ == "__main__":
    main()
