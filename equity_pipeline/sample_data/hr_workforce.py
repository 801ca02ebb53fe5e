"""The HR system's quarterly workforce snapshots (contract: `hr_workforce.yml`).

Each export holds everyone active on its date plus everyone separated in the 3 years before,
as HR knew them then. Alternate exports write US dates; one is Excel's "CSV UTF-8" (BOM, CRLF).
As HR knew them: last_promotion_date is the newest promotion up to the export date (an earlier one
survives only in older exports), and a late self-identification is blank before it was given (both
planted in `population` for issue 12's disparity figures).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from equity_pipeline.sample_data.common import Expected, columns, iso_dates, quarter_ends, us_dates, write_csv

SOURCE = "hr_workforce"
EXCEL_UTF8_EXPORT = dt.date(2022, 6, 30)

# The sample's deliberate departures from the contract, each one a case the pipeline must handle.
# Schema drift: the HR system added a column the contract does not know and re-cased two headers.
SCHEMA_DRIFT_EXPORT = dt.date(2023, 12, 31)
DRIFT_COLUMN, DRIFT_POSITION, DRIFT_VALUE = "Union_Local", 5, "AFSCME 52"
RECASED_COLUMNS = ("employee_id", "fte")
# One clerk's hand edit: an impossible date and a termination before hire (both quarantined).
HAND_EDITED_EXPORT = dt.date(2024, 3, 31)


def _add_schema_drift(export: pd.DataFrame) -> None:
    export.insert(DRIFT_POSITION, DRIFT_COLUMN, DRIFT_VALUE)
    export.columns = [c.upper() if c in RECASED_COLUMNS else c for c in export.columns]


def _add_hand_edits(export: pd.DataFrame, file: str, exp: Expected) -> None:
    export.loc[3, "hire_date"] = "02/30/2019"
    export.loc[7, "termination_date"] = "1999-01-01"
    export.loc[7, "termination_type"] = "Voluntary"
    exp.rows_quarantined += 2
    exp.bad_rows += [(file, 5), (file, 9)]
    exp.notes.append(f"{file}: 2 invalid rows (lines 5 and 9)")


def write(out: Path, employees: pd.DataFrame) -> Expected:
    """One snapshot per quarter end."""
    exp = Expected()
    header = columns(SOURCE)
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
        e["last_promotion_date"] = pd.to_datetime(
            [max((d for d in ds if d <= ts), default=pd.NaT) for ds in e["promotion_dates"]]
        )
        # A late self-identification: blank in every export before the answer was given.
        e.loc[e["race_reported_from"] > ts, "race_ethnicity"] = ""
        fmt = us_dates if i % 2 == 1 else iso_dates  # alternate exports come from a system that writes US dates
        for col in columns(SOURCE, of_type="date"):
            e[col] = fmt(e[col])
        e = e[header].sort_values("employee_id").reset_index(drop=True)
        file = f"{SOURCE}_{as_of}.csv"
        encoding, crlf = ("utf-8-sig", True) if as_of == EXCEL_UTF8_EXPORT else ("utf-8", False)
        if as_of == SCHEMA_DRIFT_EXPORT:
            _add_schema_drift(e)
        if as_of == HAND_EDITED_EXPORT:
            _add_hand_edits(e, file, exp)
        write_csv(e, out / SOURCE / file, encoding, crlf)
        exp.files += 1
        exp.rows_landed += len(e)
    exp.rows_landed -= exp.rows_quarantined
    return exp
