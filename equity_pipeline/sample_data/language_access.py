"""The language-access monthly request logs (contract: `language_access.yml`).

Languages are written as people write them: ISO 639-3 codes and English names mixed. Alternate
logs write US timestamps (naive, local time); the other logs write ISO 8601, naive up to 2024 and
with the local offset from 2025 (a new vendor system). One log is re-delivered byte-for-byte under
another name.

The cases the language tables must show are scripted, not left to the draws (`SCRIPT`): requests
pending in one log and re-sent Fulfilled (or Cancelled) in the next, a cancelled request alone in
its cell, a partially fulfilled vital translation, a request fulfilled late, month-end evenings
written with an offset or in UTC whose UTC month is the next one. They are in Arabic (`ara`), which
the draws never use, so each scripted (month, department, Arabic) cell holds the script alone.
Korean, a safe-harbor language with the shipped reference, has no fulfilled vital translation in
FY2024 (`KOREAN_GAP_YEAR`): the draws' ones that year are Partially Fulfilled.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from equity_pipeline.sample_data.common import Expected, allowed, columns, month_ends, write_csv
from equity_pipeline.sample_data.population import DEPARTMENTS

SOURCE = "language_access"
LOCAL_TZ = "America/Anchorage"  # the default EQUITY_TIMEZONE: the zone naive timestamps are read in
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
    ("Somali", 1),
    ("Farsi", 1),  # the contract's alias of Persian, fas
]
KOREAN = ("kor", "Korean")
KOREAN_GAP_YEAR = 2024  # local calendar year = fiscal year with the default January start
# The e-mailed-twice export: the second copy was saved under another name.
REDELIVERED_EXPORT = dt.date(2024, 5, 31)
OFFSET_LOGS_FROM = dt.date(2025, 1, 1)  # ISO logs from then on write the local offset

# The sample's deliberate departure from the contract: a people, not a language (quarantined).
UNKNOWN_LANGUAGE_EXPORT, UNKNOWN_LANGUAGE_ROW, UNKNOWN_LANGUAGE = dt.date(2023, 2, 28), 4, "Pacific Islander"

_F, _U, _P, _C = "Fulfilled", "Unfulfilled", "Partially Fulfilled", "Cancelled"
_PHONE, _VIDEO, _PERSON, _TRANS = (
    "Interpretation - Phone",
    "Interpretation - Video",
    "Interpretation - In Person",
    "Translation",
)
# (export, request_id, received_at, department, language, service_type, vital, needed_by, fulfilled_at,
#  status, minutes, word_count, cost), every value as the log writes it. Timestamps follow their log's
# shape (US in even calendar months) unless the case is the shape.
SCRIPT = [
    # Jan 31 23:30 AKST = Feb 1 08:30 UTC: January 2024. 9.75 h, on time.
    ("2024-01-31", "LAS-0001", "2024-01-31T23:30:00-09:00", "HD", "ara", _PHONE, "",
     "2024-02-01T10:00:00-09:00", "2024-02-01T09:15:00-09:00", _F, "45", "", "67.50"),
    # Pending at the March export, re-sent Fulfilled in April's (US) log, after its needed_by: 260 h.
    ("2024-03-31", "LAS-0002", "2024-03-28T16:00:00-08:00", "LAW", "Arabic", _TRANS, "Y",
     "2024-04-05T17:00:00-08:00", "", _U, "", "1200", "240.00"),
    ("2024-04-30", "LAS-0002", "03/28/2024 16:00", "LAW", "Arabic", _TRANS, "Y",
     "04/05/2024 17:00", "04/08/2024 12:00", _F, "", "1200", "240.00"),
    # Cancelled, alone in its cell (a late-cancellation fee): no row for PW, nor ALL, Arabic, March 2022.
    ("2022-03-31", "LAS-0003", "2022-03-15T10:00:00-08:00", "PW", "ara", _PERSON, "",
     "2022-03-16T10:00:00-08:00", "", _C, "", "", "95.00"),
    # May 2023: PLN 1 request, 0 fulfilled (Partially Fulfilled); OEJ 2 of 2 -> ALL 2/3, not (0 + 1) / 2.
    ("2023-05-31", "LAS-0004", "2023-05-10T09:00:00-08:00", "PLN", "ara", _TRANS, "Y",
     "2023-05-15T17:00:00-08:00", "2023-05-12T15:00:00-08:00", _P, "", "3000", "450.00"),
    ("2023-05-31", "LAS-0005", "2023-05-20T14:00:00-08:00", "OEJ", "Arabic", _PHONE, "",
     "2023-05-20T15:00:00-08:00", "2023-05-20T14:45:00-08:00", _F, "25", "", "35.00"),
    # In UTC: 2023-06-01 07:30Z = May 31 23:30 AKDT, May 2023. 1.5 h, no needed_by.
    ("2023-05-31", "LAS-0006", "2023-06-01T07:30:00Z", "OEJ", "ara", _VIDEO, "",
     "", "2023-06-01T09:00:00Z", _F, "30", "", "40.00"),
    # Pending at the September export, cancelled in October's: out of every figure.
    ("2023-09-30", "LAS-0007", "2023-09-29T11:00:00-08:00", "TRN", "ara", _PERSON, "",
     "2023-10-03T09:00:00-08:00", "", _U, "", "", ""),
    ("2023-10-31", "LAS-0007", "09/29/2023 11:00", "TRN", "ara", _PERSON, "",
     "10/03/2023 09:00", "", _C, "", "", ""),
    # A Korean vital translation received 2024-01-01 08:30Z = 2023-12-31 23:30 AKST: FY2023, not FY2024.
    ("2023-12-31", "LAS-0008", "2024-01-01T08:30:00Z", "LIB", "kor", _TRANS, "Y",
     "", "2024-01-04T12:00:00-09:00", _F, "", "800", "160.00"),
    # More pending-then-fulfilled requests, and one still pending at the last export.
    ("2022-07-31", "LAS-0009", "2022-07-29T15:20:00", "APD", "rus", _PERSON, "",
     "2022-08-02T09:00:00", "", _U, "", "", ""),
    ("2022-08-31", "LAS-0009", "07/29/2022 15:20", "APD", "rus", _PERSON, "",
     "08/02/2022 09:00", "08/01/2022 13:20", _F, "75", "", "150.00"),
    ("2025-11-30", "LAS-0010", "2025-11-30T22:00:00-09:00", "AWWU", "vie", _TRANS, "Y",
     "", "", _U, "", "650", "130.00"),
    ("2025-12-31", "LAS-0010", "11/30/2025 22:00", "AWWU", "vie", _TRANS, "Y",
     "", "12/02/2025 10:00", _F, "", "650", "130.00"),
    ("2025-12-31", "LAS-0011", "12/31/2025 23:30", "HD", "Ukrainian", _PHONE, "",
     "01/02/2026 12:00", "", _U, "", "", ""),
]  # fmt: skip
SCRIPT_COLUMNS = ["request_id", "received_at", "department_code", "language", "service_type", "vital_document",
                  "needed_by", "fulfilled_at", "status", "minutes", "word_count", "cost"]  # fmt: skip


def _requests(rng: np.random.Generator, as_of: dt.date, scale: float, seq: Iterator[int]) -> pd.DataFrame:
    """One month's requests, timestamps unformatted (naive local)."""
    langs, weights = zip(*LANGUAGES, strict=True)
    month_start = as_of.replace(day=1)
    n = int(rng.poisson(110 * scale * (1 + 0.05 * (as_of.year - 2021))))
    received = pd.Timestamp(month_start) + pd.to_timedelta(
        rng.integers(0, (as_of - month_start).days * 24 * 60 + 1, size=n), unit="min"
    )
    received = received.sort_values()
    service = rng.choice(allowed(SOURCE, "service_type"), size=n, p=[0.35, 0.15, 0.2, 0.2, 0.07, 0.03])
    language = np.array(langs, dtype=object)[rng.choice(len(langs), size=n, p=np.array(weights) / sum(weights))]
    language = np.where(np.isin(service, ["ASL"]), "ase", language)
    status = rng.choice(allowed(SOURCE, "status"), size=n, p=[0.84, 0.03, 0.09, 0.04])
    needed = received + pd.to_timedelta(rng.integers(2, 240, size=n), unit="h")
    response = pd.to_timedelta(rng.gamma(2.0, 30, size=n).astype(int) + 1, unit="h")
    fulfilled = (received + response).where(np.isin(status, ["Fulfilled", "Partially Fulfilled"]))
    translation = service == "Translation"
    vital = np.where(translation, rng.choice(["Y", "N"], size=n, p=[0.4, 0.6]), "")
    # The Korean safe-harbor gap: that year's fulfilled vital translations were only partly done.
    gap = np.isin(language, KOREAN) & (vital == "Y") & (status == "Fulfilled") & (received.year == KOREAN_GAP_YEAR)
    frame = pd.DataFrame(
        {
            "request_id": [f"LA{as_of:%Y%m}-{next(seq):06d}" for _ in range(n)],
            "received_at": received,
            "department_code": rng.choice(list(DEPARTMENTS), size=n),
            "language": language,
            "service_type": service,
            "vital_document": vital,
            "provider": rng.choice(allowed(SOURCE, "provider"), size=n, p=[0.7, 0.25, 0.05]),
            "needed_by": needed.where(rng.random(n) < 0.8),
            "fulfilled_at": fulfilled,
            "status": np.where(gap, "Partially Fulfilled", status),
            "minutes": np.where(translation, "", rng.integers(10, 120, size=n).astype(str)),
            "word_count": np.where(translation, rng.integers(200, 5000, size=n).astype(str), ""),
            "cost": np.round(rng.gamma(2.0, 60, size=n), 2),
        }
    )
    return frame[columns(SOURCE)]


def local_instants(naive: pd.Series, tz: str = LOCAL_TZ) -> pd.Series:
    """Naive local timestamps as instants, as DuckDB reads a naive value under TimeZone `tz`: a local
    time the clocks repeat is the standard-time (later) one, a time they skip is read with the offset
    before the change (02:30 on the spring-forward day is 03:30 daylight time)."""
    repeat = np.zeros(len(naive), bool)
    local = naive.dt.tz_localize(tz, ambiguous=repeat, nonexistent="NaT")
    skipped = local.isna() & naive.notna()
    if skipped.any():
        hour = pd.Timedelta("1h")
        local[skipped] = (naive[skipped] - hour).dt.tz_localize(tz, ambiguous=repeat[skipped]) + hour
    return local


def _written(stamps: pd.Series, ts_format: str, with_offset: bool) -> pd.Series:
    """Naive local timestamps as the log writes them: in `ts_format`, or ISO 8601 with the local offset
    (the instant the naive value means to the warehouse)."""
    stamps = pd.to_datetime(stamps)
    if with_offset:
        text = local_instants(stamps).dt.strftime("%Y-%m-%dT%H:%M:%S%z")
        text = text.str.replace(r"([+-]\d\d)(\d\d)$", r"\1:\2", regex=True)
    else:
        text = stamps.dt.strftime(ts_format)
    return text.where(stamps.notna(), "")


def _scripted(as_of: dt.date) -> pd.DataFrame:
    """The scripted rows of one export, as written (provider Vendor)."""
    rows = [case[1:] for case in SCRIPT if case[0] == as_of.isoformat()]
    frame = pd.DataFrame(rows, columns=SCRIPT_COLUMNS, dtype=object).assign(provider="Vendor")
    return frame[columns(SOURCE)]


def write(rng: np.random.Generator, out: Path, scale: float) -> Expected:
    """One request log per month end: the month's draws, then the script's rows for that export."""
    exp = Expected()
    seq = iter(range(1, 1_000_000))
    for k, as_of in enumerate(month_ends()):
        frame = _requests(rng, as_of, scale, seq)
        ts_format = "%m/%d/%Y %H:%M" if k % 2 else "%Y-%m-%dT%H:%M:%S"
        with_offset = not k % 2 and as_of >= OFFSET_LOGS_FROM
        for col in columns(SOURCE, of_type="timestamp"):
            frame[col] = _written(frame[col], ts_format, with_offset)
        frame["cost"] = frame["cost"].map("{:.2f}".format)
        scripted = _scripted(as_of)
        if len(scripted):
            frame = pd.concat([frame, scripted], ignore_index=True)
        path = out / SOURCE / f"{SOURCE}_{as_of}.csv"
        if as_of == UNKNOWN_LANGUAGE_EXPORT:
            frame.loc[UNKNOWN_LANGUAGE_ROW, "language"] = UNKNOWN_LANGUAGE
            exp.quarantine(path.name, UNKNOWN_LANGUAGE_ROW + 2, "unknown language")
        write_csv(frame, path)
        exp.files += 1
        exp.rows_landed += len(frame)
        if as_of == REDELIVERED_EXPORT:
            shutil.copyfile(path, path.with_name(f"{SOURCE}_{as_of}_v2.csv"))
            exp.files += 1
            exp.duplicates += 1
    exp.rows_landed -= exp.rows_quarantined
    return exp
