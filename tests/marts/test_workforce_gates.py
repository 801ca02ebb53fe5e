"""The blocking gates on the workforce marts (gate_workforce_disparity, gate_workforce_representation),
on hand-made marts and intermediate rows: the valid rows pass every gate, and each rule fails exactly the
figure that breaks it. The rows and their figures are described in workforce_gate_rows.py.
"""

import pytest

from tests.marts.workforce_gate_rows import RACE, SEX, beside_sex, disparity, edit, people, valid_breakdowns
from tests.marts.workforce_gate_warehouse import PAIR, build_warehouse, gate_results

RACE_CELL = "2024 retention race_ethnicity"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    return build_warehouse(tmp_path_factory.mktemp("workforce_gates"))


@pytest.fixture
def gate(warehouse):
    return lambda *args, **kwargs: gate_results(warehouse, *args, **kwargs)


def test_the_valid_rows_pass_every_gate(gate):
    assert gate() == ({}, [])


def disparity_fails(figures: list[tuple]) -> tuple[dict, list]:
    return {"workforce_disparity": [PAIR["workforce_disparity"]]}, [("workforce_disparity", *f) for f in figures]


def test_two_reference_groups_in_a_breakdown_fail(gate):
    race, counts = disparity(RACE, "White")
    race = edit(race, "Asian", reference_group="Asian")
    assert gate(beside_sex((race, counts))) == disparity_fails([(RACE_CELL, "reference groups", 1, 2)])


def test_no_reference_although_a_group_has_enough_eligible_fails(gate):
    # Asian (40) and White (50) have 30+ eligible: the breakdown must name one of them
    race, counts = disparity(RACE, "White")
    race = [row[:7] + (None,) + row[8:] for row in race]
    assert gate(beside_sex((race, counts))) == disparity_fails([(RACE_CELL, "reference groups", 1, 0)])


def test_a_candidate_with_a_higher_rate_than_the_reference_fails(gate):
    # Asian (0.7, 40 eligible) named the reference: White (0.76, 50 eligible) is above it
    race, counts = disparity(RACE, "Asian")
    assert gate(beside_sex((race, counts))) == disparity_fails([(RACE_CELL, "reference has the highest rate", 1, 0)])


def test_a_reference_with_too_few_eligible_fails(gate):
    # Black (25 eligible, below 30) named the reference; Asian's 0.7 and White's 0.76 are above its 0.52 too
    race, counts = disparity(RACE, "Black or African American")
    assert gate(beside_sex((race, counts))) == disparity_fails(
        [(RACE_CELL, "reference has enough eligible", 1, 0), (RACE_CELL, "reference has the highest rate", 1, 0)]
    )


def test_groups_not_adding_up_to_the_eligible_fail_every_breakdown(gate):
    # 146 people eligible, but each dimension's groups hold 145: someone fell outside the groups
    assert gate(people_rows=people("retention", 146, 96)) == disparity_fails(
        [
            (RACE_CELL, "groups add up to the eligible", 146, 145),
            ("2024 retention sex", "groups add up to the eligible", 146, 145),
        ]
    )


def test_selected_above_eligible_fails(gate):
    # Black 26 retained of 25 eligible (in the mart and before suppression alike; not a candidate, < 30):
    # the gate view's row check, and the declaration's rate at most 1 (26 / 25 = 1.04)
    cells = {**RACE, "Black or African American": (25, 26, False)}
    failed, figures = gate(beside_sex(disparity(cells, "White")))
    assert failed == {
        "workforce_disparity": [PAIR["workforce_disparity"], ("expect_column_values_to_be_between", "rate", "")]
    }
    assert figures == [
        ("workforce_disparity", f"{RACE_CELL} Black or African American", "selected at most eligible", 25, 26)
    ]


def test_a_lone_hidden_group_fails_every_count_column(gate):
    # Not reported published: Hispanic's 8 eligible, 6 retained and 2 not are each recoverable
    cells = {**RACE, "Not reported": (22, 11, False)}
    assert gate(beside_sex(disparity(cells, "White"))) == disparity_fails(
        [
            (RACE_CELL, "hidden eligible exposed", 0, 1),
            (RACE_CELL, "hidden not selected exposed", 0, 1),
            (RACE_CELL, "hidden selected exposed", 0, 1),
        ]
    )


@pytest.mark.parametrize(
    ("not_reported_selected", "figure"),
    [(0, "hidden selected exposed"), (22, "hidden not selected exposed")],
)
def test_a_small_count_hidden_alone_in_one_column_fails_that_column(gate, not_reported_selected, figure):
    # Hispanic and Not reported both hidden, but Not reported retained 0 (or all 22) of 22: in that
    # column Hispanic's 6 retained (or 2 not) is the only hidden count above zero
    cells = {**RACE, "Not reported": (22, not_reported_selected, True)}
    assert gate(beside_sex(disparity(cells, "White"))) == disparity_fails([(RACE_CELL, figure, 0, 1)])


def test_a_breakdown_hidden_whole_with_one_small_cell_passes(gate):
    # promotion, sex: 8 eligible, all Female, 2 promoted: hidden, and every other group with it
    promotion = disparity(
        {g: (8 * (g == "Female"), 2 * (g == "Female"), True) for g in ("Female", "Male", "Nonbinary", "Not reported")},
        None,
        "promotion",
        "sex",
    )
    breakdowns = [*valid_breakdowns(), promotion]
    assert gate(breakdowns, people("retention", 145, 96) + people("promotion", 8, 2)) == ({}, [])
    # with the empty groups published beside it, the decision's total (any other breakdown of the same
    # people) minus their 0s gives Female's 8 away
    shown = disparity({"Female": (8, 2, True)}, None, "promotion", "sex")
    assert gate([*valid_breakdowns(), shown], people("retention", 145, 96) + people("promotion", 8, 2)) == (
        disparity_fails(
            [
                ("2024 promotion sex", "hidden eligible exposed", 0, 1),
                ("2024 promotion sex", "hidden not selected exposed", 0, 1),
                ("2024 promotion sex", "hidden selected exposed", 0, 1),
            ]
        )
    )


def test_a_shown_count_differing_from_the_count_before_suppression_fails(gate):
    race, counts = disparity(RACE, "White")
    race = edit(race, "Asian", eligible=41)
    assert gate(beside_sex((race, counts))) == disparity_fails(
        [(f"{RACE_CELL} Asian", "shown eligible unaltered", 40, 41)]
    )


def test_offsetting_count_errors_fail_each_row(gate):
    # Asian 41 and Black 24 eligible: the shown groups still add up to 115, but each row is off by one
    race, counts = disparity(RACE, "White")
    race = edit(edit(race, "Asian", eligible=41), "Black or African American", eligible=24)
    assert gate(beside_sex((race, counts))) == disparity_fails(
        [
            (f"{RACE_CELL} Asian", "shown eligible unaltered", 40, 41),
            (f"{RACE_CELL} Black or African American", "shown eligible unaltered", 25, 24),
        ]
    )


def test_an_impact_ratio_without_a_flag_fails(gate):
    race, counts = disparity(RACE, "White")
    race = edit(race, "Asian", flag=None)
    assert gate(beside_sex((race, counts))) == disparity_fails([(RACE_CELL, "a flag beside every impact ratio", 3, 2)])


@pytest.mark.parametrize(
    ("group", "changes", "expectation", "column"),
    [
        ("Hispanic or Latino", {"eligible": 8}, "expect_column_values_to_be_null", "eligible"),
        ("Asian", {"rate": 1.2}, "expect_column_values_to_be_between", "rate"),
        ("Asian", {"flag": "disparate"}, "expect_column_values_to_be_in_set", "flag"),
    ],
)
def test_a_row_breaking_the_declaration_fails_it(gate, group, changes, expectation, column):
    # a hidden group still showing its 8 eligible; a rate above 1; a flag outside the four
    race, counts = disparity(RACE, "White")
    race = edit(race, group, **changes)
    assert gate(beside_sex((race, counts))) == ({"workforce_disparity": [(expectation, column, "")]}, [])


def test_a_group_outside_the_seed_fails(gate):
    race, counts = disparity(RACE, "White")
    race = edit(race, "Asian", group_name="Latinx")
    counts = [c[:5] + ("Latinx",) + c[6:] if c[5] == "Asian" else c for c in counts]
    assert gate(beside_sex((race, counts))) == (
        {"workforce_disparity": [("expect_column_values_to_be_in_set", "group_name", "")]},
        [],
    )


def test_a_small_count_published_fails(gate):
    # Hispanic's 8 eligible (2 not retained) shown; Black hidden beside Not reported, so nothing is alone
    cells = {**RACE, "Hispanic or Latino": (8, 6, False), "Black or African American": (25, 13, True)}
    assert gate(beside_sex(disparity(cells, "White"))) == disparity_fails(
        [(f"{RACE_CELL} Hispanic or Latino", "shown small count", 0, 1)]
    )


def test_comparisons_beside_a_hidden_reference_fail(gate):
    # White hidden, yet Asian's ratio 0.9211 beside its rate 0.7 gives White's 0.76 back (Black's too)
    cells = {**RACE, "White": (50, 38, True)}
    assert gate(beside_sex(disparity(cells, "White"))) == disparity_fails(
        [(RACE_CELL, "comparisons beside a hidden reference", 0, 2)]
    )
    # the rates alone may stay
    assert gate(beside_sex(disparity(cells, "White", stats={}))) == ({}, [])


def test_hidden_hires_after_the_first_day_exposed_fail(gate):
    # FY2024 sex: promotion (employed on the first day) Female 70, Male 55, Not reported 20; training
    # (employed some day) Female 75, Male 55, Not reported 20. Female's training row is hidden for its 5
    # hired after the first day, Not reported's for its 8 untrained, Male's promotion row with Not
    # reported's 4 promoted: Female's 5 is the only hidden difference above zero, and the decisions'
    # totals (150 - 145) give it back. Hiding the whole training breakdown leaves nothing to subtract.
    promotion = disparity(
        {"Female": (70, 14, False), "Male": (55, 11, True), "Not reported": (20, 4, True)},
        "Female", "promotion", "sex", stats={},
    )  # fmt: skip
    training = {"Female": (75, 40, True), "Male": (55, 30, False), "Not reported": (20, 12, True)}
    people_rows = (
        people("retention", 145, 96) + people("promotion", 145, 29) + people("training_participation", 150, 82)
    )
    shown = disparity(training, "Male", "training_participation", "sex", stats={})
    assert gate([*valid_breakdowns(), promotion, shown], people_rows) == disparity_fails(
        [("2024 sex", "hidden hires after the first day exposed", 0, 1)]
    )
    whole = {**{g: (*c[:2], True) for g, c in training.items()}, "Nonbinary": (0, 0, True)}
    hidden = disparity(whole, "Male", "training_participation", "sex", stats={})
    assert gate([*valid_breakdowns(), promotion, hidden], people_rows) == ({}, [])


def test_hidden_retirements_exposed_fail(gate):
    # FY2024 sex: promotion Female 75, Male 55, Not reported 20; retention (the valid breakdown but
    # Female hidden for its 5 retired, 75 - 70): Female's 5 is the only hidden retirement count above
    # zero, beside Nonbinary's published 0 of 0. Hiding Nonbinary's rows too leaves nothing to subtract.
    promotion = {"Female": (75, 15, False), "Male": (55, 11, True), "Not reported": (20, 4, True)}
    retention = disparity({**SEX, "Female": (70, 50, True)}, "Female", dimension="sex", stats={})
    people_rows = people("retention", 145, 96) + people("promotion", 150, 30)
    shown = disparity(promotion, "Female", "promotion", "sex", stats={})
    assert gate([valid_breakdowns()[0], retention, shown], people_rows) == disparity_fails(
        [("2024 sex", "hidden retirements exposed", 0, 1)]
    )
    hidden = disparity({**promotion, "Nonbinary": (0, 0, True)}, "Female", "promotion", "sex", stats={})
    assert gate([valid_breakdowns()[0], retention, hidden], people_rows) == ({}, [])


def test_shown_small_retirements_fail(gate):
    # FY2024 sex: the valid retention breakdown (Female 70 shown) beside a promotion breakdown where
    # Female, shown too, has 75 eligible: 75 - 70 = 5 retirements given by difference. Female's
    # promotion row hidden (with Male, so no hidden count is alone) leaves nothing to subtract.
    promotion = {"Female": (75, 15, False), "Male": (55, 11, True), "Not reported": (20, 4, True)}
    people_rows = people("retention", 145, 96) + people("promotion", 150, 30)
    shown = disparity(promotion, "Female", "promotion", "sex", stats={})
    assert gate([*valid_breakdowns(), shown], people_rows) == disparity_fails(
        [("2024 sex Female", "shown small retirements", 0, 1)]
    )
    hidden = disparity({**promotion, "Female": (75, 15, True)}, None, "promotion", "sex", stats={})
    figures = [row[2] for row in gate([*valid_breakdowns(), hidden], people_rows)[1]]
    assert "shown small retirements" not in figures
