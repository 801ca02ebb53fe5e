"""Significance and confidence interval of each group against its reference group (measures.md).

A dbt Python model because the tests are scipy's, not hand-written (issue 12): the two-proportion
z-test (pooled, two-sided), Fisher's exact test (two-sided) and the Katz log 95% interval of the
impact ratio. It reads one row per group (a few hundred rows, never per employee), so the loop over
Fisher's tables is over cells, not people: scipy's fisher_exact takes one table at a time.

Compared: a group other than Not reported and the reference itself, with eligible employees, in a
breakdown that has a reference. Elsewhere the statistics are NULL. `min_expected` is the smallest
expected cell of the 2x2 table (row total x column total / n): below 5 the flag trusts Fisher's p.
"""

import math

import numpy as np
import pandas as pd
from scipy import stats

Z_975 = float(stats.norm.ppf(0.975))


def _fisher(a: int, n1: int, c: int, n2: int) -> float:
    return float(stats.fisher_exact([[a, n1 - a], [c, n2 - c]], alternative="two-sided").pvalue)


def statistics(cells: pd.DataFrame) -> pd.DataFrame:
    """The comparison columns for the cells (a frame with the counts model's columns)."""
    out = cells.copy()
    comparable = (
        out["reference_group"].notna()
        & (out["group_name"] != "Not reported")
        & (out["group_name"] != out["reference_group"])
        & (out["eligible"] > 0)
    )
    a = out["selected"].where(comparable).astype("float64").to_numpy()
    n1 = out["eligible"].where(comparable).astype("float64").to_numpy()
    c = out["reference_selected"].where(comparable).astype("float64").to_numpy()
    n2 = out["reference_eligible"].where(comparable).astype("float64").to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = (a + c) / (n1 + n2)
        se = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        z = np.where(se > 0, (a / n1 - c / n2) / se, np.nan)
        p = 2 * stats.norm.sf(np.abs(z))
        log_se = np.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2)
        log_ratio = np.log((a / n1) / (c / n2))
        has_ci = (a > 0) & (c > 0)
        ci_low = np.where(has_ci, np.exp(log_ratio - Z_975 * log_se), np.nan)
        ci_high = np.where(has_ci, np.exp(log_ratio + Z_975 * log_se), np.nan)
        n = n1 + n2
        expected = np.stack([n1 * (a + c) / n, n1 * (n - a - c) / n, n2 * (a + c) / n, n2 * (n - a - c) / n])
        min_expected = expected.min(axis=0)
    fisher = [
        _fisher(int(ai), int(n1i), int(ci), int(n2i)) if ok else math.nan
        for ok, ai, n1i, ci, n2i in zip(comparable, a, n1, c, n2, strict=True)
    ]
    out["z_score"] = z
    out["p_value"] = p
    out["fisher_p_value"] = fisher
    out["impact_ratio_ci_low"] = ci_low
    out["impact_ratio_ci_high"] = ci_high
    out["min_expected"] = min_expected
    # NaN is not a figure: nullable floats reach the warehouse as NULL.
    for column in (
        "z_score",
        "p_value",
        "fisher_p_value",
        "impact_ratio_ci_low",
        "impact_ratio_ci_high",
        "min_expected",
    ):
        values = out[column].astype("float64")
        out[column] = values.where(np.isfinite(values)).astype("Float64")
    return out


def model(dbt, session):  # noqa: ANN001, ANN201 - dbt's Python model entry point
    dbt.config(materialized="table")
    return statistics(dbt.ref("int_workforce_disparity__counts").df())
