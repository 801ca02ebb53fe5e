"""Risk Management's monthly workers' compensation loss runs (contract: `wc_claims.yml`).

Each run values every claim reported so far, so claims develop (paid up, reserves down, closed,
reopened) from one run to the next. Every third run writes US dates, some format money like a
spreadsheet ($1,234.50), and one arrives as an .xlsx with real Excel dates and numbers.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from equity_pipeline.sample_data.common import (
    Expected,
    allowed,
    columns,
    iso_dates,
    month_ends,
    us_dates,
    write_csv,
)

SOURCE = "wc_claims"
XLSX_EXPORT = dt.date(2024, 6, 30)
MONEY_PARTS = (("medical", 0.6), ("indemnity", 0.35), ("expense", 0.05))  # how paid and reserves split

# The sample's deliberate departures from the contract (each row quarantined).
# Reported before its injury; the next month's run has it right.
REPORTED_BEFORE_INJURY_EXPORT, REPORTED_BEFORE_INJURY_ROW = dt.date(2022, 8, 31), 2
NEGATIVE_MONEY_EXPORT, NEGATIVE_MONEY_ROW = dt.date(2023, 11, 30), 5


def _claims(rng: np.random.Generator, scale: float, employees: pd.DataFrame) -> pd.DataFrame:
    """Every claim of 2021-2025 as it will have developed: its type, outcome, ultimate cost and closing."""
    n = int(round(150 * 5 * scale))
    injury = pd.Timestamp("2021-01-01") + pd.to_timedelta(rng.integers(0, 5 * 365, size=n), unit="D")
    lag = np.where(rng.random(n) < 0.75, rng.integers(0, 8, size=n), rng.integers(8, 45, size=n))
    reported = injury + pd.to_timedelta(lag, unit="D")
    ctype = rng.choice(allowed(SOURCE, "claim_type"), size=n, p=[0.3, 0.45, 0.25])
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
    return claims


def _loss_run(claims: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """The claims reported by `as_of`, valued as of then, in the contract's columns (dates and money unformatted)."""
    ts = pd.Timestamp(as_of)
    c = claims[claims["reported"] <= ts].copy()
    age = ((ts - c["reported"]).dt.days / 30.44).clip(lower=0)
    closed_at = c["reported"] + pd.to_timedelta((c["close_months"] * 30.44).astype(int), unit="D")
    is_closed = closed_at <= ts
    reopened = c["reopen"] & (closed_at + pd.Timedelta(days=120) <= ts)
    developed = (age / c["close_months"]).clip(upper=1.0)
    paid_total = np.where(c["denied"], 0.0, c["ultimate"] * developed)
    reserve_total = np.where(is_closed & ~reopened | c["denied"], 0.0, c["ultimate"] * (1.15 - developed).clip(lower=0))
    reserve_total = np.where(reopened, c["ultimate"] * 0.3, reserve_total)
    status = np.where(c["denied"], "Denied", np.where(reopened, "Reopened", np.where(is_closed, "Closed", "Open")))
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
    for total, kind in ((paid_total, "paid"), (reserve_total, "reserve")):
        for part, share in MONEY_PARTS:
            frame[f"{kind}_{part}"] = np.round(total * share, 2)
    money = columns(SOURCE, of_type="money")
    frame.loc[frame["claim_type"] == "Report Only", money] = 0.0
    return frame[columns(SOURCE)].reset_index(drop=True)


def _pin_xlsx_timestamps(path: Path) -> None:
    """Pin the workbook's creation/modification stamps so the file is byte-for-byte reproducible."""
    fixed = dt.datetime(2024, 7, 1, 8, 0, 0)
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in sorted(src.infolist(), key=lambda i: i.filename):
            data = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", b"2024-07-01T08:00:00Z", data)
            info = zipfile.ZipInfo(item.filename, date_time=fixed.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, data)
    tmp.replace(path)


def _write_xlsx(frame: pd.DataFrame, path: Path, date_format: str) -> None:
    """The run as Excel holds it: real dates and plain numbers, not their text."""
    path.parent.mkdir(parents=True, exist_ok=True)
    xlsx = frame.copy()
    for col in columns(SOURCE, of_type="date"):
        xlsx[col] = pd.to_datetime(xlsx[col], format=date_format)
    for col in columns(SOURCE, of_type="money"):
        xlsx[col] = xlsx[col].str.replace("[$,]", "", regex=True).astype(float)
    xlsx.to_excel(path, index=False, engine="openpyxl")
    _pin_xlsx_timestamps(path)


def write(rng: np.random.Generator, out: Path, scale: float, employees: pd.DataFrame) -> Expected:
    """One loss run per month end."""
    exp = Expected()
    claims = _claims(rng, scale, employees)
    for k, as_of in enumerate(month_ends()):
        frame = _loss_run(claims, as_of)
        use_us = k % 3 == 0
        for col in columns(SOURCE, of_type="date"):
            frame[col] = (us_dates if use_us else iso_dates)(frame[col])
        money_format = "${:,.2f}" if k % 4 == 1 else "{:.2f}"  # some loss runs format money like a spreadsheet
        for col in columns(SOURCE, of_type="money"):
            frame[col] = frame[col].map(money_format.format)
        if as_of == REPORTED_BEFORE_INJURY_EXPORT:
            frame.loc[REPORTED_BEFORE_INJURY_ROW, "reported_date"] = "2020-01-01"
            exp.quarantine(f"{SOURCE}_{as_of}.csv", REPORTED_BEFORE_INJURY_ROW + 2, "reported before injury")
        if as_of == NEGATIVE_MONEY_EXPORT:
            frame.loc[NEGATIVE_MONEY_ROW, "paid_medical"] = "-125.00"
            exp.quarantine(f"{SOURCE}_{as_of}.csv", NEGATIVE_MONEY_ROW + 2, "negative paid_medical")
        if as_of == XLSX_EXPORT:
            _write_xlsx(frame, out / SOURCE / f"{SOURCE}_{as_of}.xlsx", "%m/%d/%Y" if use_us else "%Y-%m-%d")
        else:
            write_csv(frame, out / SOURCE / f"{SOURCE}_{as_of}.csv", crlf=True)
        exp.files += 1
        exp.rows_landed += len(frame)
    exp.rows_landed -= exp.rows_quarantined
    return exp
