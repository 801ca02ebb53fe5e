"""What the published language-access tables must show for the sample, computed from the generated
request logs in plain pandas, independently of the dbt models (the rules: language-access semantics,
issue 11).

The tests read back the log files the generator wrote (less the rows it says a loader must
quarantine), keep the newest version of each request, and compare `language_access_monthly` and
`language_access_safe_harbor` with these figures. Rates and medians are left unrounded here.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pycountry

from equity_pipeline.contracts import all_contracts
from equity_pipeline.sample_data.language_access import LOCAL_TZ, SOURCE, local_instants

ALL = "ALL"
# No LEP language (dbt's is_lep_language): English, sign languages (the sample's only one is ASL) and no
# linguistic content; published monthly, in no safe-harbor row.
NOT_LEP = {"eng", "sgn", "zxx", "ase"}
_FILE = re.compile(rf"{SOURCE}_(\d{{4}}-\d{{2}}-\d{{2}})(?:_v(\d+))?\.csv")
MONTHLY_COLUMNS = ["month", "department_code", "language_code", "language_name", "requests", "fulfilled",
                   "fulfillment_rate", "on_time_rate", "median_response_hours", "interpretation_minutes",
                   "words_translated", "cost", "fulfilled_on_time", "fulfilled_with_needed_by"]  # fmt: skip


def read_logs(folder: Path, bad_rows: list[tuple[str, int]]) -> pd.DataFrame:
    """Every row of every log file as written (text), with its file's as-of date and version, less
    the rows a loader must quarantine."""
    frames = []
    for path in sorted(folder.glob(f"{SOURCE}_*.csv")):
        as_of, version = _FILE.fullmatch(path.name).groups()
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        lines = frame.index + 2  # a file's line numbers count the header as line 1
        frame = frame[~lines.isin([line for file, line in bad_rows if file == path.name])]
        frames.append(frame.assign(as_of=dt.date.fromisoformat(as_of), version=int(version or 1)))
    return pd.concat(frames, ignore_index=True)


def _language_code(written: str) -> str:
    """The ISO 639-3 (or 639-5) code of a language as written: a code, a contract alias or an English name."""
    aliases = all_contracts()[SOURCE].language_aliases
    found = pycountry.languages.get(alpha_3=written.lower()) or pycountry.language_families.get(alpha_3=written.lower())
    if found:
        return found.alpha_3
    if written.lower() in aliases:
        return aliases[written.lower()]
    return pycountry.languages.get(name=written).alpha_3


def language_name(code: str) -> str:
    """reference.languages.name of a code (pycountry's English name)."""
    return (pycountry.languages.get(alpha_3=code) or pycountry.language_families.get(alpha_3=code)).name


def _instants(text: pd.Series, tz: str) -> pd.Series:
    """Timestamps as written -> tz-aware in `tz`. An offset or Z is honoured; a naive value is local,
    read as DuckDB reads it (language_access.local_instants)."""
    out = pd.Series(pd.NaT, index=text.index, dtype=f"datetime64[us, {tz}]")
    aware = text.str.contains(r"(?:Z|[+-]\d\d:\d\d)$", regex=True)
    if aware.any():
        out[aware] = pd.to_datetime(text[aware], format="ISO8601", utc=True).dt.tz_convert(tz)
    for shape, fmt in ((r"\d{4}-", "%Y-%m-%dT%H:%M:%S"), (r"\d{2}/", "%m/%d/%Y %H:%M")):
        naive = ~aware & text.str.match(shape)
        if naive.any():
            parsed = pd.to_datetime(text[naive], format=fmt)
            out[naive] = local_instants(parsed, tz)
    return out


def current_requests(logs: pd.DataFrame, tz: str = LOCAL_TZ, fiscal_year_start_month: int = 1) -> pd.DataFrame:
    """The newest version of each request (as-of date, then version), typed, with its local month and fiscal year."""
    newest = logs.sort_values(["as_of", "version"]).drop_duplicates("request_id", keep="last").copy()
    received = _instants(newest["received_at"], tz)
    local_date = received.dt.tz_localize(None).dt.normalize()
    codes = {w: _language_code(w) for w in newest["language"].unique()}
    return pd.DataFrame(
        {
            "request_id": newest["request_id"],
            "received": received,
            "month": local_date.dt.to_period("M").dt.start_time.dt.date,
            # named by the year it ends in: with a July start, July 2023 is FY2024
            "fiscal_year": local_date.dt.year
            + ((local_date.dt.month >= fiscal_year_start_month) & (fiscal_year_start_month > 1)).astype(int),
            "department_code": newest["department_code"],
            "language_code": newest["language"].map(codes),
            "service_type": newest["service_type"],
            "vital": newest["vital_document"].str.upper().isin(["Y", "YES", "TRUE", "1"]),
            "needed": _instants(newest["needed_by"], tz),
            "fulfilled_at": _instants(newest["fulfilled_at"], tz),
            "status": newest["status"],
            "minutes": pd.to_numeric(newest["minutes"].replace("", "0")).astype(int),
            "words": pd.to_numeric(newest["word_count"].replace("", "0")).astype(int),
            "cost": newest["cost"].map(lambda c: Decimal(c.replace("$", "").replace(",", "") or "0")),
        }
    ).reset_index(drop=True)


def monthly(requests: pd.DataFrame) -> list[tuple]:
    """Rows of language_access_monthly (MONTHLY_COLUMNS: the published order, the on-time rate's counts
    last; rates and median unrounded), sorted by
    month, department_code, language_code; ALL rows recomputed over every department of a (month, language)."""
    live = requests[requests["status"] != "Cancelled"]
    done = live["status"] == "Fulfilled"
    per_request = pd.DataFrame(
        {
            "month": live["month"],
            "department_code": live["department_code"],
            "language_code": live["language_code"],
            "fulfilled": done,
            "with_deadline": done & live["needed"].notna(),
            "on_time": done & (live["fulfilled_at"] <= live["needed"]),
            "hours": ((live["fulfilled_at"] - live["received"]).dt.total_seconds() / 3600).where(done),
            "minutes": live["minutes"],
            "words": live["words"],
            "cents": live["cost"].map(lambda c: int(c * 100)),
        }
    )
    cells = [
        per_request.groupby(["month", "department_code", "language_code"]),
        per_request.assign(department_code=ALL).groupby(["month", "department_code", "language_code"]),
    ]
    rows = []
    for grouped in cells:
        f = grouped.agg(
            requests=("fulfilled", "size"),
            fulfilled=("fulfilled", "sum"),
            with_deadline=("with_deadline", "sum"),
            on_time=("on_time", "sum"),
            hours=("hours", "median"),
            minutes=("minutes", "sum"),
            words=("words", "sum"),
            cents=("cents", "sum"),
        )
        for (month, department, language), c in f.iterrows():
            rows.append(
                (
                    month, department, language, language_name(language), int(c.requests), int(c.fulfilled),
                    float(c.fulfilled / c.requests),
                    float(c.on_time / c.with_deadline) if c.with_deadline else None,
                    None if pd.isna(c.hours) else float(c.hours),
                    int(c.minutes), int(c.words), Decimal(int(c.cents)).scaleb(-2),
                    int(c.on_time), int(c.with_deadline),
                )
            )  # fmt: skip
    return sorted(rows, key=lambda r: r[:3])


def read_reference(path: Path) -> pd.DataFrame:
    """The LEP reference (C16001 shape), newest year only, with each row's covered codes."""
    ref = pd.read_csv(path, dtype=str, keep_default_na=False)
    ref = ref[ref["year"] == max(ref["year"], key=int)].copy()
    ref["population"] = ref["population"].astype(int)
    ref["covered"] = [
        set(c.split("|")) if c else {code} for code, c in zip(ref["language_code"], ref["covers"], strict=True)
    ]
    return ref


def safe_harbor(
    requests: pd.DataFrame, reference: pd.DataFrame, persons: int = 1000, share: float = 0.05
) -> list[tuple]:
    """Rows (fiscal_year, language_code, language_name, lep_population, safe_harbor, vital_translations_fulfilled,
    status, requests, requests_per_1000_lep unrounded) of every reference language row x fiscal year."""
    population_5plus = int(reference.loc[reference["language_code"] == "", "population"].iloc[0])
    groups = reference[reference["language_code"] != ""]
    named = set().union(*[c for c in groups["covered"] if c != {"*"}])
    years = range(int(requests["fiscal_year"].min()), int(requests["fiscal_year"].max()) + 1)
    live = requests[requests["status"] != "Cancelled"]
    vital = requests[
        (requests["status"] == "Fulfilled") & (requests["service_type"] == "Translation") & requests["vital"]
    ]
    rows = []
    for g in groups.itertuples():
        # the catch-all row ('*') covers every language no other row names, except the no-LEP ones
        covered = (~vital["language_code"].isin(named | NOT_LEP), ~live["language_code"].isin(named | NOT_LEP))
        if g.covered != {"*"}:
            listed = g.covered - NOT_LEP
            covered = (vital["language_code"].isin(listed), live["language_code"].isin(listed))
        harbor = g.population >= persons or g.population >= share * population_5plus
        for year in years:
            n_vital = int((covered[0] & (vital["fiscal_year"] == year)).sum())
            n_requests = int((covered[1] & (live["fiscal_year"] == year)).sum())
            status = ("met" if n_vital else "gap") if harbor else "not required"
            per_1000 = n_requests / g.population * 1000 if g.population else None
            rows.append(
                (year, g.language_code, g.language_group, g.population, harbor, n_vital, status, n_requests, per_1000)
            )
    return sorted(rows, key=lambda r: r[:2])
