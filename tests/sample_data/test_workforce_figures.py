"""The independent workforce figures follow issue 12's rules on breakdowns small enough to check by hand
(the e2e tests compare the published tables with them, so a misreading here would hide one there)."""

import pandas as pd

from equity_pipeline.sample_data import workforce_figures as wf
from equity_pipeline.sample_data import workforce_suppression as ws


def _breakdown(cells: dict[str, tuple[int, int]], decision: str = "promotion", dimension: str = "sex") -> pd.DataFrame:
    """One FY2024 x decision x dimension breakdown from {group: (eligible, selected)}; absent groups are empty."""
    order = wf.GROUPS[dimension]
    return pd.DataFrame(
        {
            "fiscal_year": 2024,
            "decision": decision,
            "dimension": dimension,
            "is_complete": True,
            "group_name": order,
            "group_order": range(1, len(order) + 1),
            "eligible": [cells.get(g, (0, 0))[0] for g in order],
            "selected": [cells.get(g, (0, 0))[1] for g in order],
        }
    )


def _by_group(frame: pd.DataFrame, decision: str = "promotion") -> dict[str, dict]:
    return {r["group_name"]: r for r in frame.to_dict("records") if r["decision"] == decision}


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
    60), goes too. Not-selected pass: 30, 40 and 150 hidden; between decisions: all 0 on a promotion row;
    the next two rounds add nothing. Female, the reference, keeps its comparison columns."""
    frame = wf.compare(_breakdown({"Female": (200, 60), "Male": (200, 50), "Nonbinary": (35, 5),
                                   "Not reported": (40, 0)}))  # fmt: skip
    rows = _by_group(ws.suppress(frame, threshold=10))
    assert {g for g, r in rows.items() if r["suppressed"]} == {"Nonbinary", "Not reported", "Male"}
    assert rows["Male"]["eligible"] is None and rows["Male"]["flag"] is None
    assert rows["Female"]["impact_ratio"] == 1 and rows["Not reported"]["eligible"] is None


def test_hidden_reference_nulls_every_comparison_but_keeps_rates():
    """Female 40 of 50 (rate 0.8, the reference) has 10 not selected: hidden on its own; the eligible pass
    hides the fewest eligible above zero with it, Not reported (40 < Male's 200), whose selected (20) and not
    selected (20) are above zero too, so the other passes add nothing. Male keeps its rate 0.45 but not its
    comparison, which with the published total would give the reference's counts back."""
    frame = wf.compare(_breakdown({"Female": (50, 40), "Male": (200, 90), "Not reported": (40, 20)}))
    rows = _by_group(ws.suppress(frame, threshold=10))
    assert {g for g, r in rows.items() if r["suppressed"]} == {"Female", "Not reported"}
    assert rows["Male"]["reference_group"] == "Female" and rows["Male"]["rate"] == 0.45
    assert rows["Male"]["impact_ratio"] is None and rows["Male"]["flag"] is None


def test_people_between_decisions_are_a_fourth_count():
    """FY2024 by sex; promotion (eligible on the first day) Female 200, Male 200, Nonbinary 40, Not reported 50,
    no count 1-10: nothing hidden.
    Training: Female 230 (100 trained), Male 205 (120), Nonbinary 40 (20), Not reported 70 (30): hired after
    the first day 30, 5, 0, 20. Male's 5 hides it (205 - 200 would give them away). Eligible pass: Male is the
    lone hidden row, the fewest eligible above zero goes too, Nonbinary 40. Selected (120, 20) and not
    selected (85, 20): two hidden rows each. Between-decisions pass: Male 5 and Nonbinary 0, so Male is alone
    above zero: the fewest shown above zero goes, Not reported 20 (Female 30). Round two: nothing more.
    Male, the reference (rate 120/205 = 0.585; Nonbinary 0.5, Female 0.435), is hidden: Female keeps its
    rate 0.4348 but no comparison.
    Retention: Female 197 (180 retained), Male 185 (170), Nonbinary 40 (28), Not reported 38 (26): retired
    200-197 = 3, 15, 0, 12. Female's 3 hides it; eligible pass: the fewest eligible, Not reported 38
    (Nonbinary 40); selected, not selected (17, 12) and between (3, 12) then see two. Male (0.9189) stays the
    reference: Nonbinary 28/40 = 0.7, ratio 0.7618."""
    promotion = {"Female": (200, 20), "Male": (200, 30), "Nonbinary": (40, 0), "Not reported": (50, 15)}
    training = {"Female": (230, 100), "Male": (205, 120), "Nonbinary": (40, 20), "Not reported": (70, 30)}
    retention = {"Female": (197, 180), "Male": (185, 170), "Nonbinary": (40, 28), "Not reported": (38, 26)}
    frame = pd.concat(
        [
            _breakdown(promotion),
            _breakdown(training, "training_participation"),
            _breakdown(retention, "retention"),
        ],
        ignore_index=True,
    )
    between = frame.assign(n=ws.between_decisions(frame)).groupby("decision")["n"].apply(list).to_dict()
    assert between == {"promotion": [0, 0, 0, 0], "training_participation": [30, 5, 0, 20], "retention": [3, 15, 0, 12]}
    published = wf.compare(frame).pipe(ws.suppress, threshold=10)
    hidden = {d: {g for g, r in _by_group(published, d).items() if r["suppressed"]} for d in between}
    assert hidden == {
        "promotion": set(),
        "training_participation": {"Male", "Nonbinary", "Not reported"},
        "retention": {"Female", "Not reported"},
    }
    trained = _by_group(published, "training_participation")
    assert (
        trained["Male"]["hidden_because"] == "between decisions"
        and trained["Not reported"]["hidden_because"] == "complement"
    )
    assert round(trained["Female"]["rate"], 4) == 0.4348 and trained["Female"]["impact_ratio"] is None
    retained = _by_group(published, "retention")
    assert (
        retained["Nonbinary"]["reference_group"] == "Male" and round(retained["Nonbinary"]["impact_ratio"], 4) == 0.7618
    )


def test_representation_hiding_the_same_people_hides_the_group():
    """FY2024 by race/ethnicity. workforce_representation (ALL) hides race White's FY2023 headcount: the
    people employed on FY2024's first day, so White and Middle Eastern or North African (White in the Census
    scheme) are hidden in every decision. It hides race Asian's FY2024 hires: only the training row, whose
    eligible includes them, hides Asian. Some Other Race's FY2024 headcount concerns FY2025. No count is 1-10.
    Promotion's selected pass: MENA promoted nobody (a hidden 0 does not count), so White's 60 is alone above
    zero: the fewest promoted above zero goes too, Hispanic 11 (Asian, Not reported 12). Training: three
    hidden rows, each above zero in every column: no complement; Hispanic is shown there. White (rate 60/400
    = 0.15 on promotion), the reference, is hidden: Asian keeps its rate 0.12 but no comparison."""
    promotion = {"Asian": (100, 12), "Hispanic or Latino": (80, 11), "Middle Eastern or North African": (35, 0),
                 "White": (400, 60), "Not reported": (50, 12)}  # fmt: skip
    training = {"Asian": (100, 40), "Hispanic or Latino": (80, 30), "Middle Eastern or North African": (35, 14),
                "White": (400, 150), "Not reported": (50, 20)}  # fmt: skip
    frame = pd.concat(
        [
            _breakdown(promotion, dimension="race_ethnicity"),
            _breakdown(training, "training_participation", "race_ethnicity"),
        ],
        ignore_index=True,
    )
    representation = pd.DataFrame(
        [(2023, "race", "White", True, False), (2024, "race", "Asian", False, True),
         (2024, "race", "Some Other Race", True, False)],
        columns=["fiscal_year", "dimension", "group_name", "employees_suppressed", "hires_suppressed"],
    )  # fmt: skip
    published = ws.suppress(wf.compare(frame), threshold=10, representation=representation)
    promoted, trained = _by_group(published), _by_group(published, "training_participation")
    assert {g for g, r in promoted.items() if r["suppressed"]} == {
        "Hispanic or Latino",
        "Middle Eastern or North African",
        "White",
    }
    assert promoted["Hispanic or Latino"]["hidden_because"] == "complement"
    assert {g for g, r in trained.items() if r["suppressed"]} == {"Asian", "Middle Eastern or North African", "White"}
    assert {r["hidden_because"] for r in trained.values() if r["suppressed"]} == {"representation"}
    assert promoted["Asian"]["reference_group"] == "White" and promoted["Asian"]["rate"] == 0.12
    assert promoted["Asian"]["impact_ratio"] is None and trained["Hispanic or Latino"]["eligible"] == 80


def test_census_mapping_is_the_seeds():
    """disparity_groups.csv maps MENA to race White, Hispanic alone to Some Other Race, Not reported nowhere."""
    census = ws.census_groups()
    assert census[("race_ethnicity", "Middle Eastern or North African")] == ("race", "White")
    assert census[("race_ethnicity", "Hispanic or Latino")] == ("race", "Some Other Race")
    assert census[("race_ethnicity", "Multiracial")] == ("race", "Two or More Races")
    assert ("sex", "Not reported") not in census and census[("sex", "Nonbinary")] == ("sex", "Nonbinary")
