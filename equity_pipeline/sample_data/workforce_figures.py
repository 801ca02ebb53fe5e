"""What the published `workforce_disparity` must show for the sample, computed from the generated HR
snapshots and training rosters in plain pandas, independently of the dbt models (the rules: issue 12's
semantics, "Disparate impact" in measures.md).

The pipeline sees only what the exports contain, so these figures do too: they read back the files the
generator wrote, less the rows a loader must quarantine. Someone separated before the first export's
3-year window is never seen; each person's hire, separation, race and sex are the newest export's that
lists them (a late self-identification corrects every earlier year); a promotion counts when any export
shows it; the current FY's separations and promotions count through the newest export's date. The files
carry employee ids, the pipeline keyed hashes of them: tests compare group counts. The suppression is in
workforce_suppression.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from equity_pipeline.sample_data import hr_workforce, training_roster, workforce_suppression
from equity_pipeline.sample_data.board_figures import _race as census_race
from equity_pipeline.sample_data.population import DECLINED

DECISIONS = ("training_participation", "promotion", "retention")
TRAINING_PROGRAMS = ("DEI Training", "EEO Training")
MULTIRACIAL, NOT_REPORTED = "Multiracial", "Not reported"
# Every published group in the seed's order (disparity_groups.csv must agree).
GROUPS: dict[str, list[str]] = {
    "race_ethnicity": [
        "American Indian or Alaska Native",
        "Asian",
        "Black or African American",
        "Hispanic or Latino",
        "Middle Eastern or North African",
        "Native Hawaiian or Pacific Islander",
        "White",
        MULTIRACIAL,
        NOT_REPORTED,
    ],
    "sex": ["Female", "Male", "Nonbinary", NOT_REPORTED],
}
HR_DATES = ("hire_date", "termination_date", "last_promotion_date")


def _dates(values: pd.Series) -> pd.Series:
    """ISO or US dates (alternate exports use either); blank -> NaT."""
    iso = pd.to_datetime(values, format="%Y-%m-%d", errors="coerce")
    return iso.fillna(pd.to_datetime(values, format="%m/%d/%Y", errors="coerce"))


def _read(path: Path, bad_rows: list[tuple[str, int]]) -> pd.DataFrame:
    """One export as text, headers lower-cased (schema drift re-cases two), without its quarantined lines."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame.columns = [c.lower() for c in frame.columns]
    bad = {line - 2 for file, line in bad_rows if file == path.name}  # line 1 is the header
    return frame.drop(index=sorted(bad))


def read_snapshots(folder: Path, bad_rows: list[tuple[str, int]]) -> pd.DataFrame:
    """Every loaded row of every HR export, with its as_of_date and parsed dates."""
    frames = []
    for path in sorted(folder.glob(f"{hr_workforce.SOURCE}_*.csv")):
        frame = _read(path, bad_rows)
        frame["as_of_date"] = pd.Timestamp(path.stem.removeprefix(f"{hr_workforce.SOURCE}_"))
        frames.append(frame)
    snapshots = pd.concat(frames, ignore_index=True)
    for col in HR_DATES:
        snapshots[col] = _dates(snapshots[col])
    return snapshots


def read_attendances(folder: Path, bad_rows: list[tuple[str, int]]) -> pd.DataFrame:
    """Training rows: each session as the newest file listing it (a `_v2` replaces its first file)."""
    frames = []
    for path in sorted(folder.glob(f"{training_roster.SOURCE}_*.csv")):
        frame = _read(path, bad_rows)
        stem = path.stem.removeprefix(f"{training_roster.SOURCE}_")
        frame["as_of_date"] = pd.Timestamp(stem[:10])
        frame["version"] = int(stem[12:]) if stem[10:12] == "_v" else 1
        frames.append(frame)
    rows = pd.concat(frames, ignore_index=True)
    newest = rows.groupby("session_id")[["as_of_date", "version"]].transform("max")
    rows = rows[(rows["as_of_date"] == newest["as_of_date"]) & (rows["version"] == newest["version"])].copy()
    rows["session_date"] = _dates(rows["session_date"])
    return rows


def current(snapshots: pd.DataFrame) -> pd.DataFrame:
    """One row per employee: the newest export that lists them, indexed by employee_id."""
    return snapshots.sort_values("as_of_date").drop_duplicates("employee_id", keep="last").set_index("employee_id")


def fiscal_years(first: pd.Timestamp, last: pd.Timestamp, start_month: int = 1) -> list[tuple[int, dt.date, dt.date]]:
    """(fiscal_year, first day, last day) from the FY of `first` to the FY of `last`; an FY is named by the
    calendar year it ends in."""

    def fy(d: pd.Timestamp) -> int:
        return d.year + (1 if start_month > 1 and d.month >= start_month else 0)

    out = []
    for year in range(fy(first), fy(last) + 1):
        f0 = dt.date(year - (1 if start_month > 1 else 0), start_month, 1)
        f1 = (pd.Timestamp(f0) + pd.DateOffset(years=1) - pd.Timedelta(days=1)).date()
        out.append((year, f0, f1))
    return out


def race_group(answer: str) -> str:
    """The disparity scheme: one category is itself (Hispanic and MENA included), several are Multiracial."""
    parts = [p.strip() for p in answer.split(";") if p.strip()]
    if not parts or parts == [DECLINED]:
        return NOT_REPORTED
    return parts[0] if len(parts) == 1 else MULTIRACIAL


def sex_group(answer: str) -> str:
    return answer if answer in GROUPS["sex"] else NOT_REPORTED


def _active(people: pd.DataFrame, first: dt.date, last: dt.date) -> pd.Series:
    """Employed on some day of [first, last] (termination_date is the last day employed)."""
    term = people["termination_date"]
    return (people["hire_date"] <= pd.Timestamp(last)) & (term.isna() | (term >= pd.Timestamp(first)))


def decisions(
    snapshots: pd.DataFrame, attendances: pd.DataFrame, start_month: int = 1, exclude_retirements: bool = True
) -> pd.DataFrame:
    """One row per (fiscal_year, decision, eligible employee): employee_id, selected, is_complete.

    exclude_retirements=False counts retirees as eligible for retention (to show what the rule changes)."""
    people = current(snapshots)
    newest_hr = snapshots["as_of_date"].max()
    newest_training = attendances["as_of_date"].max()
    promoted = snapshots.dropna(subset=["last_promotion_date"])
    trained = attendances[
        (attendances["attendee_type"] == "Employee")
        & attendances["attendance_status"].isin(["Attended", "Completed"])
        & attendances["program"].isin(TRAINING_PROGRAMS)
    ]
    training_years = {y for y, _, _ in fiscal_years(attendances["as_of_date"].min(), newest_training, start_month)}
    out = []
    for year, f0, f1 in fiscal_years(snapshots["as_of_date"].min(), newest_hr, start_month):
        counted_through = min(f1, newest_hr.date())
        complete = pd.Timestamp(f1) <= newest_hr
        # Events of the current FY count through the newest export (a planned separation has not happened).
        in_year = people["termination_date"].between(pd.Timestamp(f0), pd.Timestamp(counted_through))
        on_first_day = _active(people, f0, f0)
        promotion_dates = promoted["last_promotion_date"]
        promoted_ids = set(
            promoted.loc[promotion_dates.between(pd.Timestamp(f0), pd.Timestamp(counted_through)), "employee_id"]
        )
        trained_ids = set(
            trained.loc[trained["session_date"].between(pd.Timestamp(f0), pd.Timestamp(f1)), "attendee_id"]
        )
        retired = (people["termination_type"] == "Retirement") & in_year
        chosen = {
            "promotion": (on_first_day, people.index.isin(promoted_ids), complete),
            "retention": (on_first_day & ~(retired if exclude_retirements else False), ~in_year, complete),
        }
        if year in training_years:  # only the FYs the training roster covers: no coverage, no row
            chosen["training_participation"] = (
                _active(people, f0, counted_through),
                people.index.isin(trained_ids),
                complete and pd.Timestamp(f1) <= newest_training,
            )
        for decision, (eligible, selected, is_complete) in chosen.items():
            rows = pd.DataFrame({"employee_id": people.index[eligible], "selected": np.asarray(selected)[eligible]})
            out.append(rows.assign(fiscal_year=year, decision=decision, is_complete=is_complete))
    return pd.concat(out, ignore_index=True)


def counts(decided: pd.DataFrame, snapshots: pd.DataFrame) -> pd.DataFrame:
    """eligible and selected per fiscal_year x decision x dimension x group_name, every group (0 when empty)."""
    people = current(snapshots)
    groups = {"race_ethnicity": people["race_ethnicity"].map(race_group), "sex": people["sex"].map(sex_group)}
    out = []
    for dimension, order in GROUPS.items():
        tagged = decided.assign(group_name=decided["employee_id"].map(groups[dimension]))
        summed = tagged.groupby(["fiscal_year", "decision", "is_complete", "group_name"])["selected"].agg(
            eligible="size", selected="sum"
        )
        keys = decided[["fiscal_year", "decision", "is_complete"]].drop_duplicates()
        full = keys.merge(pd.DataFrame({"group_name": order, "group_order": range(1, len(order) + 1)}), how="cross")
        full = full.merge(summed.reset_index(), how="left", on=["fiscal_year", "decision", "is_complete", "group_name"])
        out.append(full.fillna({"eligible": 0, "selected": 0}).assign(dimension=dimension))
    frame = pd.concat(out, ignore_index=True)
    frame[["eligible", "selected"]] = frame[["eligible", "selected"]].astype(int)
    return frame


def _comparison(a: int, n1: int, c: int, n2: int) -> dict:
    """Group (a of n1 selected) against the reference (c of n2), unrounded."""
    out = dict.fromkeys(["impact_ratio", "ci_low", "ci_high", "z_score", "p_value", "fisher_p_value", "flag"])
    out["fisher_p_value"] = float(stats.fisher_exact([[a, n1 - a], [c, n2 - c]], alternative="two-sided")[1])
    pooled = (a + c) / (n1 + n2)
    if 0 < pooled < 1:
        out["z_score"] = (a / n1 - c / n2) / np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        out["p_value"] = float(2 * stats.norm.sf(abs(out["z_score"])))
    if c == 0:
        return out
    out["impact_ratio"] = (a / n1) / (c / n2)
    if a > 0:
        half = stats.norm.ppf(0.975) * np.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2)
        out["ci_low"], out["ci_high"] = (
            np.exp(np.log(out["impact_ratio"]) - half),
            np.exp(np.log(out["impact_ratio"]) + half),
        )
    # The p that decides: Fisher's exact when the normal approximation is poor (an expected cell under 5).
    n, chosen = n1 + n2, a + c
    expected = [r * k / n for r in (n1, n2) for k in (chosen, n - chosen)]
    p = out["fisher_p_value"] if min(expected) < 5 else out["p_value"]
    below = 5 * a * n2 < 4 * c * n1  # ratio < 0.8 in integers: no float rounding at the boundary
    significant = p < 0.05
    out["flag"] = {
        (True, True): "adverse impact",
        (True, False): "four-fifths only",
        (False, True): "significant only",
        (False, False): "no impact",
    }[(below, significant)]
    return out


def compare(frame: pd.DataFrame, min_eligible: int = 30) -> pd.DataFrame:
    """rate, reference_group, small_numbers and the comparison columns of every row of `counts`."""
    out = []
    for _, breakdown in frame.groupby(["fiscal_year", "decision", "dimension"], sort=False):
        b = breakdown.copy()
        b["rate"] = (b["selected"] / b["eligible"]).where(b["eligible"] > 0)
        candidates = b[(b["group_name"] != NOT_REPORTED) & (b["eligible"] >= min_eligible)]
        ranked = candidates.sort_values(["rate", "eligible", "group_order"], ascending=[False, False, True])
        reference = ranked.iloc[0] if len(ranked) else None
        b["reference_group"] = None if reference is None else reference["group_name"]
        rows = []
        for row in b.itertuples():
            if reference is None or row.group_name == NOT_REPORTED or row.eligible == 0:
                rows.append({})
            elif row.group_name == reference["group_name"]:
                # a reference rate of 0 leaves the ratio undefined, its own included
                rows.append({"impact_ratio": 1.0, "flag": "no impact"} if reference["selected"] > 0 else {})
            else:
                rows.append(_comparison(row.selected, row.eligible, reference["selected"], reference["eligible"]))
        b = pd.concat([b.reset_index(drop=True), pd.DataFrame(rows, index=range(len(b)))], axis=1)
        b["small_numbers"] = b["eligible"] < min_eligible
        out.append(b)
    return pd.concat(out, ignore_index=True)


def published(
    folder: Path,
    bad_rows: dict[str, list[tuple[str, int]]],
    representation: pd.DataFrame | None = None,
    **settings: int,
) -> pd.DataFrame:
    """The rows workforce_disparity must publish for the exports under `folder` (settings: start_month,
    min_eligible, threshold), before rounding. `representation`: the published workforce_representation's ALL
    rows, an input of the suppression (workforce_suppression)."""
    snapshots = read_snapshots(folder / hr_workforce.SOURCE, bad_rows[hr_workforce.SOURCE])
    attendances = read_attendances(folder / training_roster.SOURCE, bad_rows[training_roster.SOURCE])
    decided = decisions(snapshots, attendances, settings.get("start_month", 1))
    compared = compare(counts(decided, snapshots), settings.get("min_eligible", 30))
    return workforce_suppression.suppress(compared, settings.get("threshold", 10), representation)


def headcount(snapshots: pd.DataFrame, start_month: int = 1) -> pd.DataFrame:
    """Employees active on each FY's last day (the newest export's date for the current FY), all categories,
    per fiscal_year x dimension x group_name in the Census scheme of workforce_representation."""
    people = current(snapshots)
    newest = snapshots["as_of_date"].max()
    race = people["race_ethnicity"].map(census_race)
    groups = {"race": race.str[0], "hispanic_ethnicity": race.str[1], "sex": people["sex"].map(sex_group)}
    groups["sex"] = groups["sex"].where(groups["sex"] != NOT_REPORTED)
    out = []
    for year, _, f1 in fiscal_years(snapshots["as_of_date"].min(), newest, start_month):
        day = min(f1, newest.date())
        active = _active(people, day, day)
        for dimension, group in groups.items():
            n = group[active].value_counts()
            out += [
                {"fiscal_year": year, "dimension": dimension, "group_name": g, "employees": int(k)}
                for g, k in n.items()
            ]
    return pd.DataFrame(out)
