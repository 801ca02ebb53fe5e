"""The learning-management system's quarterly rosters (contract: `training_roster.yml`).

The plan fixes FY2021 and FY2023 to the department's published table (FY2021 Q4: 1 training
session; FY2023 Q3: 1 training session, 5 community engagement opportunities, 1,532 attendance);
other quarters are drawn. FY2023 Q3 arrives twice: a `_v2` corrects the first file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from equity_pipeline.sample_data.common import Expected, allowed, columns, quarter_ends, write_csv

SOURCE = "training_roster"
PROGRAMS = allowed(SOURCE, "program")
COMMUNITY = "Community Engagement"
COURSES = {  # program: (course code, course title)
    "DEI Training": ("DEI-101", "Foundations of Diversity, Equity and Inclusion"),
    "EEO Training": ("EEO-200", "Equal Employment Opportunity for Supervisors"),
    "Contractor Compliance Training": ("CCT-300", "Contractor EEO Compliance"),
    COMMUNITY: ("CE-100", "Community Conversation on Equity"),
}
if set(COURSES) != set(PROGRAMS):
    raise ValueError(f"COURSES must name a course for each of the contract's programs {PROGRAMS}")
CONTRACTOR_COMPANIES = ["Arctic Paving LLC", "Chugach Electric Services", "Denali Builders"]
# The FY2023 Q3 community events' headcounts (1,500 attendance, with the training's 32).
FY2023_Q3_HEADCOUNTS = [310, 295, 305, 290, 300]

# The sample's deliberate departure from the contract: an impossible session date (quarantined).
IMPOSSIBLE_DATE_QUARTER, IMPOSSIBLE_DATE = (2024, 2), "2024-06-31"


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
        "duration_hours": "2.0" if program != COMMUNITY else "1.5",
        "delivery_mode": rng.choice(allowed(SOURCE, "delivery_mode")),
        "host_department_code": "OEJ" if program != "EEO Training" else "MOA-HR",
    }
    blank_attendee = {"attendee_id": "", "attendee_name": "", "contractor_company": ""}
    if headcounts is not None:
        rows = [
            {
                **base,
                "attendee_type": "Community",
                **blank_attendee,
                "attendance_status": "Attended",
                "headcount": str(hc),
            }
            for hc in headcounts
        ]
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
    rows = [
        {
            **base,
            "attendee_type": "Employee",
            "attendee_id": emp["employee_id"],
            "attendee_name": f"{emp['first_name']} {emp['last_name']}",
            "contractor_company": "",
            "attendance_status": status,
            "headcount": "",
        }
        for (_, emp), status in zip(picks.iterrows(), statuses, strict=True)
    ]
    for k in range(contractors):
        rows.append(
            {
                **base,
                "attendee_type": "Contractor",
                "attendee_id": f"V{int(rng.integers(1000, 9999))}-{k}",
                "attendee_name": "Contractor Contact",
                "contractor_company": rng.choice(CONTRACTOR_COMPANIES),
                "attendance_status": "Completed",
                "headcount": "",
            }
        )
    return pd.DataFrame(rows)


def _quarter_sessions(
    rng: np.random.Generator,
    year: int,
    quarter: int,
    q_start: dt.date,
    days: int,
    employees: pd.DataFrame,
    seq: Iterator[int],
    scale: float = 1.0,
    extra: np.random.Generator | None = None,
) -> list[pd.DataFrame]:
    """Every session row of one quarter: the published table's quarters as planned, the rest drawn
    (`scale` times the sample's sessions, the extra ones drawn from `extra`)."""

    def on(day: int) -> dt.date:
        return q_start + dt.timedelta(days=day)

    frames = []
    if year == 2021 and quarter < 4 or year == 2023 and quarter < 3:
        # No activity: the one session scheduled was cancelled (a cancelled session is not held).
        frames.append(
            _session_rows(rng, f"S{next(seq):05d}", "DEI Training", on(20 + quarter), employees, 0, (0, 8 + quarter))
        )
    elif (year, quarter) == (2021, 4):
        frames.append(_session_rows(rng, f"S{next(seq):05d}", "DEI Training", on(45), employees, 18, (2, 0)))
    elif (year, quarter) == (2023, 3):
        frames.append(_session_rows(rng, f"S{next(seq):05d}", "DEI Training", on(30), employees, 32, (5, 3)))
        for i, hc in enumerate(FY2023_Q3_HEADCOUNTS):
            frames.append(
                _session_rows(
                    rng,
                    f"S{next(seq):05d}",
                    COMMUNITY,
                    on(10 + 15 * i),
                    employees,
                    0,
                    headcounts=[hc - 40, 40] if i == 0 else [hc],
                )
            )
    else:
        growth = 1.0 + 0.08 * (year - 2022)
        seasonal = {1: 0.8, 2: 1.1, 3: 0.7, 4: 1.2}[quarter]
        for program in PROGRAMS:
            for _ in range(int(rng.poisson(3 * growth * seasonal))):
                frames.append(_drawn_session(rng, program, on(int(rng.integers(0, days))), employees, seq))
        if extra is not None and scale > 1:
            # A larger workforce holds more sessions, in proportion; drawn from their own generator after
            # the sample's, so the sample's draws (and files) at scale 1 stay as they are.
            for program in PROGRAMS:
                for _ in range(int(extra.poisson(3 * growth * seasonal * (scale - 1)))):
                    frames.append(_drawn_session(extra, program, on(int(extra.integers(0, days))), employees, seq))
    return frames


def _drawn_session(
    rng: np.random.Generator, program: str, day: dt.date, employees: pd.DataFrame, seq: Iterator[int]
) -> pd.DataFrame:
    """One drawn session of a quarter outside the published table: a community event or a training."""
    sid = f"S{next(seq):05d}"
    if program == COMMUNITY:
        return _session_rows(rng, sid, program, day, employees, 0, headcounts=[int(rng.integers(20, 220))])
    contractors = int(rng.integers(3, 12)) if program == "Contractor Compliance Training" else 0
    return _session_rows(
        rng,
        sid,
        program,
        day,
        employees,
        int(rng.integers(12, 40)) + contractors,
        (int(rng.integers(0, 4)), int(rng.integers(0, 2))),
        contractors=contractors,
    )


def write(
    rng: np.random.Generator,
    out: Path,
    employees: pd.DataFrame,
    scale: float = 1.0,
    extra: np.random.Generator | None = None,
) -> Expected:
    """One export per quarter; FY2023 Q3's is corrected by a `_v2`. Above scale 1 the drawn quarters hold
    `scale` times the sessions, the extra ones drawn from `extra` (required then)."""
    if scale > 1 and extra is None:
        raise ValueError("training at scale > 1 draws its extra sessions from a generator of their own: pass extra")
    exp = Expected()
    header = columns(SOURCE)
    seq = iter(range(1, 1_000_000))
    for as_of in quarter_ends():
        q_start = (pd.Timestamp(as_of) - pd.offsets.QuarterBegin(startingMonth=1)).date()
        year, quarter = as_of.year, (as_of.month - 1) // 3 + 1
        frames = _quarter_sessions(rng, year, quarter, q_start, (as_of - q_start).days, employees, seq, scale, extra)
        roster = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=header)
        roster = roster[header]
        path = out / SOURCE / f"{SOURCE}_{as_of}.csv"
        if (year, quarter) == (2023, 3):
            # v1 left out the last community event's sign-in sheet; v2 is the correction.
            last_session = roster["session_id"].iloc[-1]
            write_csv(roster[roster["session_id"] != last_session], path)
            exp.files += 1
            exp.superseded += 1
            path = out / SOURCE / f"{SOURCE}_{as_of}_v2.csv"
        if (year, quarter) == IMPOSSIBLE_DATE_QUARTER:
            roster.loc[len(roster) - 1, "session_date"] = IMPOSSIBLE_DATE
            exp.quarantine(path.name, len(roster) + 1, "has an impossible session_date")
        write_csv(roster, path, crlf=year == 2025)
        exp.files += 1
        exp.rows_landed += len(roster)
    exp.rows_landed -= exp.rows_quarantined
    return exp
