"""The language-access monthly request logs (contract: `language_access.yml`).

Languages are written as people write them: ISO 639-3 codes and English names mixed. Alternate
logs write US timestamps. One log is re-delivered byte-for-byte under another name.
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
# The e-mailed-twice export: the second copy was saved under another name.
REDELIVERED_EXPORT = dt.date(2024, 5, 31)

# The sample's deliberate departure from the contract: a people, not a language (quarantined).
UNKNOWN_LANGUAGE_EXPORT, UNKNOWN_LANGUAGE_ROW, UNKNOWN_LANGUAGE = dt.date(2023, 2, 28), 4, "Pacific Islander"


def _requests(rng: np.random.Generator, as_of: dt.date, scale: float, seq: Iterator[int]) -> pd.DataFrame:
    """One month's requests, timestamps unformatted."""
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
    frame = pd.DataFrame(
        {
            "request_id": [f"LA{as_of:%Y%m}-{next(seq):06d}" for _ in range(n)],
            "received_at": received,
            "department_code": rng.choice(list(DEPARTMENTS), size=n),
            "language": language,
            "service_type": service,
            "vital_document": np.where(translation, rng.choice(["Y", "N"], size=n, p=[0.4, 0.6]), ""),
            "provider": rng.choice(allowed(SOURCE, "provider"), size=n, p=[0.7, 0.25, 0.05]),
            "needed_by": needed.where(rng.random(n) < 0.8),
            "fulfilled_at": fulfilled,
            "status": status,
            "minutes": np.where(translation, "", rng.integers(10, 120, size=n).astype(str)),
            "word_count": np.where(translation, rng.integers(200, 5000, size=n).astype(str), ""),
            "cost": np.round(rng.gamma(2.0, 60, size=n), 2),
        }
    )
    return frame[columns(SOURCE)]


def write(rng: np.random.Generator, out: Path, scale: float) -> Expected:
    """One request log per month end."""
    exp = Expected()
    seq = iter(range(1, 1_000_000))
    for k, as_of in enumerate(month_ends()):
        frame = _requests(rng, as_of, scale, seq)
        ts_format = "%m/%d/%Y %H:%M" if k % 2 else "%Y-%m-%dT%H:%M:%S"
        for col in columns(SOURCE, of_type="timestamp"):
            frame[col] = pd.to_datetime(frame[col]).dt.strftime(ts_format).where(frame[col].notna(), "")
        frame["cost"] = frame["cost"].map("{:.2f}".format)
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
