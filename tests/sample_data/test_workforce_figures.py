"""The independent workforce figures follow issue 12's rules on breakdowns small enough to check by hand
(the e2e tests compare the published tables with them, so a misreading here would hide one there)."""

import pandas as pd

from equity_pipeline.sample_data import workforce_figures as wf


def _breakdown(cells: dict[str, tuple[int, int]]) -> pd.DataFrame:
    """One FY x decision x sex breakdown from {group: (eligible, selected)}; absent groups are empty."""
    order = wf.GROUPS["sex"]
    return pd.DataFrame(
        {
            "fiscal_year": 2024,
            "decision": "promotion",
            "dimension": "sex",
            "is_complete": True,
            "group_name": order,
            "group_order": range(1, len(order) + 1),
            "eligible": [cells.get(g, (0, 0))[0] for g in order],
            "selected": [cells.get(g, (0, 0))[1] for g in order],
        }
    )


def _by_group(frame: pd.DataFrame) -> dict[str, dict]:
    return {r["group_name"]: r for r in frame.to_dict("records")}


def test_ratio_exactly_four_fifths_is_not_below_it():
    """Female 40 of 100 against Male 50 of 100: ratio 0.4/0.5 = 0.8 exactly (5*40*100 = 4*50*100), not < 0.8;
    z = -0.1/sqrt(0.45*0.55*0.02) = -1.42, p = 0.16 -> no impact."""
    rows = _by_group(wf.compare(_breakdown({"Female": (100, 40), "Male": (100, 50)})))
    assert rows["Male"]["reference_group"] == "Male" and rows["Male"]["impact_ratio"] == 1
    assert round(rows["Female"]["impact_ratio"], 4) == 0.8 and rows["Female"]["flag"] == "no impact"
    assert round(rows["Female"]["z_score"], 2) == -1.42


def test_reference_needs_30_eligible_and_not_reported_is_never_compared():
    """Nonbinary 29 of 29 (rate 1) is too small to be the reference; Not reported 10 of 40 gets no comparison."""
    rows = _by_group(wf.compare(_breakdown({"Female": (100, 30), "Male": (100, 20), "Nonbinary": (29, 29),
                                            "Not reported": (40, 10)})))  # fmt: skip
    assert {r["reference_group"] for r in rows.values()} == {"Female"}
    assert rows["Nonbinary"]["small_numbers"] and pd.isna(rows["Not reported"]["flag"])
    assert rows["Male"]["flag"] == "four-fifths only"  # 0.2/0.3 = 0.667; z = -1.63, p = 0.10 with 100 each


def test_one_hidden_row_hides_the_smallest_nonzero_row_with_it():
    """Nonbinary 35 eligible, 5 selected is hidden on its own. Eligible pass: it is the only hidden row, so
    the fewest eligible above zero goes with it: Not reported (40; Female and Male 200). Selected pass: Not
    reported selected 0, so Nonbinary's 5 is still alone: the fewest selected above zero, Male (50; Female
    60), goes too. Not-selected pass: 30, 40 and 150 hidden: nothing more. Female, the reference, keeps its
    comparison columns."""
    frame = wf.compare(_breakdown({"Female": (200, 60), "Male": (200, 50), "Nonbinary": (35, 5),
                                   "Not reported": (40, 0)}))  # fmt: skip
    rows = _by_group(wf.suppress(frame, threshold=10))
    assert {g for g, r in rows.items() if r["suppressed"]} == {"Nonbinary", "Not reported", "Male"}
    assert rows["Male"]["eligible"] is None and rows["Male"]["flag"] is None
    assert rows["Female"]["impact_ratio"] == 1 and rows["Not reported"]["eligible"] is None


def test_hidden_reference_nulls_every_comparison_but_keeps_rates():
    """Female 40 of 50 (rate 0.8, the reference) has 10 not selected: hidden on its own; the eligible pass
    hides the fewest eligible above zero with it, Not reported (40 < Male's 200), whose selected (20) and not
    selected (20) are above zero too, so the other passes add nothing. Male keeps its rate 0.45 but not its comparison, which
    with the published total would give the reference's counts back."""
    frame = wf.compare(_breakdown({"Female": (50, 40), "Male": (200, 90), "Not reported": (40, 20)}))
    rows = _by_group(wf.suppress(frame, threshold=10))
    assert {g for g, r in rows.items() if r["suppressed"]} == {"Female", "Not reported"}
    assert rows["Male"]["reference_group"] == "Female" and rows["Male"]["rate"] == 0.45
    assert rows["Male"]["impact_ratio"] is None and rows["Male"]["flag"] is None
