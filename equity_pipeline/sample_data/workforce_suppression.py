"""The small-cell suppression `workforce_disparity` must apply (issue 12, the final rules), in plain pandas,
independently of macros/suppression.sql, so that the e2e tests can compare the two.

Per breakdown (fiscal year x decision x dimension, Not reported included) each group's row has four counts
of people: eligible, selected, not selected, and `between_decisions` (the people its row adds to the
promotion row of the same year and group: hired after the first day on the training row, retired on the
retention row; 0 on the promotion row). A row is hidden on its own when any of the four is 1 to threshold,
or when `workforce_representation` hides the same people in its ALL category: that group's hires in the
same year (training rows) or its headcount on the previous year's last day (every row). Then, three rounds
of one pass per count column: a breakdown whose only hidden row above zero in that column could be
recovered by subtraction hides the unhidden row with the smallest count above zero there too (ties: group
order), or, with none left, the whole breakdown.

The representation linkage is taken as an INPUT: the published `workforce_representation`'s ALL rows
(fiscal_year, dimension, group_name, employees_suppressed, hires_suppressed). Recomputing its two-way
suppression is not this module's job; what it checks is that the disparity table honours it. The groups'
Census counterparts come from the seed `disparity_groups.csv` (census_dimension, census_group).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from equity_pipeline.config import DBT_PROJECT_DIR

COUNTS = ("eligible", "selected", "not_selected", "between_decisions")
COMPARISON_COLUMNS = ["impact_ratio", "ci_low", "ci_high", "z_score", "p_value", "fisher_p_value", "flag"]
BREAKDOWN = ["fiscal_year", "decision", "dimension"]
ROUNDS = 3
SEED = DBT_PROJECT_DIR / "seeds" / "disparity_groups.csv"


def census_groups(seed: Path = SEED) -> dict[tuple[str, str], tuple[str, str]]:
    """(dimension, group_name) -> the representation (dimension, group) holding the same people; groups
    without one (Not reported) are absent."""
    with seed.open(newline="", encoding="utf-8") as handle:
        return {
            (r["dimension"], r["group_name"]): (r["census_dimension"], r["census_group"])
            for r in csv.DictReader(handle)
            if r["census_dimension"]
        }


def between_decisions(frame: pd.DataFrame) -> pd.Series:
    """Each row's difference with the promotion row of its FY x dimension x group (0 without one)."""
    promotion = frame[frame["decision"] == "promotion"].set_index(["fiscal_year", "dimension", "group_name"])
    keys = pd.MultiIndex.from_frame(frame[["fiscal_year", "dimension", "group_name"]])
    promoted_eligible = pd.Series(promotion["eligible"].reindex(keys).to_numpy(), index=frame.index)
    promoted_eligible = promoted_eligible.fillna(frame["eligible"]).astype(int)
    difference = {
        "training_participation": frame["eligible"] - promoted_eligible,  # hired after the first day
        "retention": promoted_eligible - frame["eligible"],  # retired in the year
    }
    out = pd.Series(0, index=frame.index)
    for decision, values in difference.items():
        out = out.mask(frame["decision"] == decision, values)
    return out


def hidden_in_representation(
    frame: pd.DataFrame, representation: pd.DataFrame | None, census: dict[tuple[str, str], tuple[str, str]]
) -> pd.Series:
    """Rows whose people workforce_representation (ALL) hides: this year's hires (training rows only) or
    last year's headcount (every row: they are the people employed on this year's first day)."""
    if representation is None or representation.empty:
        return pd.Series(False, index=frame.index)
    flags = representation.set_index(["fiscal_year", "dimension", "group_name"])

    def hidden(row: pd.Series) -> bool:
        target = census.get((row["dimension"], row["group_name"]))
        if target is None:
            return False
        this_year, last_year = (row["fiscal_year"], *target), (row["fiscal_year"] - 1, *target)
        hires = row["decision"] == "training_participation" and this_year in flags.index
        headcount = last_year in flags.index
        return bool(
            (hires and flags.loc[this_year, "hires_suppressed"])
            or (headcount and flags.loc[last_year, "employees_suppressed"])
        )

    return frame.apply(hidden, axis=1).astype(bool)


def _pass(b: pd.DataFrame, column: str) -> None:
    """One column's pass over one breakdown, in place (a hidden 0 adds no uncertainty, so it does not count)."""
    if (b["suppressed"] & (b[column] > 0)).sum() != 1:
        return
    candidates = b[~b["suppressed"] & (b[column] > 0)]
    if len(candidates):
        b.loc[candidates.sort_values([column, "group_order"]).index[0], "suppressed"] = True
    else:
        b["suppressed"] = True


def _reason(row: pd.Series, threshold: int) -> str | None:
    """Why a row is hidden: the first rule that hides it on its own, else the complement."""
    if not row["suppressed"]:
        return None
    if any(1 <= row[c] <= threshold for c in COUNTS[:3]):
        return "small count"
    if 1 <= row["between_decisions"] <= threshold:
        return "between decisions"
    return "representation" if row["in_representation"] else "complement"


def suppress(
    frame: pd.DataFrame,
    threshold: int = 10,
    representation: pd.DataFrame | None = None,
    census: dict[tuple[str, str], tuple[str, str]] | None = None,
) -> pd.DataFrame:
    """The published rows of `compare`'s frame: `suppressed`, `hidden_because` (small count, between
    decisions, representation, complement), hidden rows' figures nulled, comparisons nulled beside a hidden
    reference. `representation`: the published ALL rows (None: no linkage)."""
    frame = frame.copy()
    frame["not_selected"] = frame["eligible"] - frame["selected"]
    frame["between_decisions"] = between_decisions(frame)
    frame["in_representation"] = hidden_in_representation(frame, representation, census or census_groups())
    small = frame[list(COUNTS)].apply(lambda c: c.between(1, threshold)).any(axis=1)
    frame["suppressed"] = small | frame["in_representation"]
    out = []
    for _, breakdown in frame.groupby(BREAKDOWN, sort=False):
        b = breakdown.copy()
        for _round in range(ROUNDS):
            for column in COUNTS:
                _pass(b, column)
        b["hidden_because"] = b.apply(_reason, axis=1, threshold=threshold)
        hidden = b["suppressed"]
        b[["eligible", "selected", "rate"]] = b[["eligible", "selected", "rate"]].astype(object).where(~hidden, None)
        b[COMPARISON_COLUMNS] = b[COMPARISON_COLUMNS].astype(object).where(~hidden, None)
        if hidden[b["group_name"] == b["reference_group"]].any():
            b[COMPARISON_COLUMNS] = None  # they would give the reference's counts back
        out.append(b)
    return pd.concat(out, ignore_index=True)
