"""The blocking gate on workforce_representation (gate_workforce_representation), and the disparity
gate's links to it (a disparity row hidden where representation hides the same people), on hand-made
marts and intermediate rows: each rule fails exactly the figure that breaks it. The rows and their
figures are described in workforce_gate_rows.py.
"""

import copy

import pytest

from tests.marts.workforce_gate_rows import REPRESENTATION, disparity, people, representation, valid_breakdowns
from tests.marts.workforce_gate_warehouse import PAIR, build_warehouse, gate_results


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    return build_warehouse(tmp_path_factory.mktemp("workforce_representation_gates"))


@pytest.fixture
def gate(warehouse):
    return lambda *args, **kwargs: gate_results(warehouse, *args, **kwargs)


def test_the_valid_rows_pass_every_gate(gate):
    assert gate() == ({}, [])


def representation_fails(figures: list[tuple]) -> tuple[dict, list]:
    return {"workforce_representation": [PAIR["workforce_representation"]]}, [
        ("workforce_representation", *f) for f in figures
    ]


def test_all_differing_from_the_sum_of_the_categories_fails(gate):
    # ALL counts 71 women, the categories 30 + 40 = 70
    cells = copy.deepcopy(REPRESENTATION)
    cells["ALL"]["Female"] = (71, 12, False, False)
    assert gate(rep=representation(cells)) == representation_fails(
        [("2024 sex Female", "ALL is the sum of the categories", 71, 70)]
    )


def test_groups_not_adding_up_to_the_respondents_fail(gate):
    # 56 Officials answered, but Female 30 + Male 25 = 55: an answer outside the groups
    assert gate(rep=representation(REPRESENTATION, {"Officials and Administrators": 56})) == representation_fails(
        [("2024 Officials and Administrators sex", "groups add up to the respondents", 56, 55)]
    )


def test_a_small_hidden_cell_exposed_within_its_category_fails(gate):
    # Professionals' Male 35 published: 78 who answered - 40 - 35 gives Nonbinary's 3 away (and ALL's
    # Male 60, now alone in its column, is 25 + 35)
    cells = copy.deepcopy(REPRESENTATION)
    cells["Professionals"]["Male"] = (35, 15, False, False)
    assert gate(rep=representation(cells)) == representation_fails(
        [
            ("2024 Professionals sex", "hidden employees exposed in the category", 0, 1),
            ("2024 sex Male", "hidden employees exposed across categories", 0, 1),
        ]
    )


def test_a_small_hidden_cell_exposed_across_categories_fails(gate):
    # Nonbinary: Officials 12 and ALL 15 published, Professionals' 3 hidden alone in the column: 15 - 12
    # (and Male's Professionals 35, beside ALL's 60 published, is 60 - 25)
    cells = copy.deepcopy(REPRESENTATION)
    cells["Officials and Administrators"]["Nonbinary"] = (12, 0, False, False)
    cells["ALL"] = {
        "Female": (70, 12, False, False),
        "Male": (60, 15, False, False),
        "Nonbinary": (15, 0, False, False),
    }
    assert gate(rep=representation(cells)) == representation_fails(
        [
            ("2024 sex Male", "hidden employees exposed across categories", 0, 1),
            ("2024 sex Nonbinary", "hidden employees exposed across categories", 0, 1),
        ]
    )


def test_a_hidden_cell_showing_its_employees_fails(gate):
    # Professionals' Nonbinary hidden, but its 3 employees left in
    rep_mart, rep_cells = representation(REPRESENTATION)
    leaky = [r[:6] + (3,) + r[7:] if r[3] == "Professionals" and r[5] == "Nonbinary" else r for r in rep_mart]
    failed, figures = gate(rep=(leaky, rep_cells))
    assert failed == {
        "workforce_representation": [
            PAIR["workforce_representation"],
            ("expect_column_values_to_be_null", "employees", ""),
        ]
    }
    assert figures == [
        ("workforce_representation", "2024 Professionals sex Nonbinary", "shown employees unaltered", 0, 3)
    ]


def test_a_small_cell_published_fails(gate):
    # Nonbinary's 3 shown in Professionals and ALL, nothing hidden
    cells = copy.deepcopy(REPRESENTATION)
    for category in ("Professionals", "ALL"):
        cells[category] = {g: (e, h, False, False) for g, (e, h, *_) in cells[category].items()}
    assert gate(rep=representation(cells)) == representation_fails(
        [
            ("2024 ALL sex Nonbinary", "shown small employees", 0, 1),
            ("2024 Professionals sex Nonbinary", "shown small employees", 0, 1),
        ]
    )


def test_a_lone_hidden_cell_of_any_size_exposed_in_its_category_fails(gate):
    # Officials' Male 29 hidden too (a third hidden cell of the Male column: 29, 35 and 64), but alone
    # in its row: 59 who answered - 30 gives it back, though 29 is above the threshold
    cells = copy.deepcopy(REPRESENTATION)
    cells["Officials and Administrators"]["Male"] = (29, 0, True, False)
    cells["ALL"]["Male"] = (64, 15, True, False)
    assert gate(rep=representation(cells)) == representation_fails(
        [("2024 Officials and Administrators sex", "hidden employees exposed in the category", 0, 1)]
    )


def same_people_shown(figures: list[tuple]) -> tuple[dict, list]:
    return {"workforce_disparity": [PAIR["workforce_disparity"]]}, [
        ("workforce_disparity", cell, "shown where representation hides the same people", 0, 1) for cell in figures
    ]


def test_a_training_row_shown_where_representation_hides_its_hires_fails(gate):
    # FY2024 hires: Nonbinary's 2 hidden in Professionals and ALL, Female's 12 with them (the smallest
    # other hires above zero). The training row of Female (70 employed some day of the year, 35 trained)
    # would give its hires back beside the first day's headcount: it must be hidden too.
    cells = copy.deepcopy(REPRESENTATION)
    for category in ("Professionals", "ALL"):
        cells[category]["Female"] = (cells[category]["Female"][0], 12, False, True)
        cells[category]["Nonbinary"] = (3, 2, True, True)
    training = {
        "Female": (70, 35, False),
        "Male": (55, 25, False),
        "Nonbinary": (3, 1, True),
        "Not reported": (20, 12, True),
    }
    male = {"Male": (0.9091, 0.6264, 1.3193, -0.5049, 0.613609, 0.718711, "no impact")}  # 25/55 against 35/70
    people_rows = people("retention", 145, 96) + people("training_participation", 148, 73)
    shown = disparity(training, "Female", "training_participation", "sex", stats=male)
    assert gate([*valid_breakdowns(), shown], people_rows, representation(cells)) == same_people_shown(
        ["2024 training_participation sex Female"]
    )
    # Female hidden (and so the comparisons against it)
    hidden = disparity({**training, "Female": (70, 35, True)}, "Female", "training_participation", "sex", stats={})
    assert gate([*valid_breakdowns(), hidden], people_rows, representation(cells)) == ({}, [])


def test_a_row_shown_where_representation_hid_last_years_headcount_fails(gate):
    # ALL's FY2024 Male headcount (60, on the year's last day) is hidden: FY2025's promotion row of Male
    # (employed on its first day, 60, 12 promoted) would give it back. Nonbinary (15, 5 promoted) and Not
    # reported (20, 4) are hidden on their own, so Male hidden or not, no count is alone.
    promotion = {
        "Female": (70, 14, False),
        "Male": (60, 12, False),
        "Nonbinary": (15, 5, True),
        "Not reported": (20, 4, True),
    }
    male = {"Male": (1.0, 0.5018, 1.993, 0.0, 1.0, 1.0, "no impact")}  # 12/60 against 14/70
    people_rows = people("retention", 145, 96) + people("promotion", 165, 35, fy=2025)
    shown = disparity(promotion, "Female", "promotion", "sex", stats=male, fy=2025)
    assert gate([*valid_breakdowns(), shown], people_rows) == same_people_shown(["2025 promotion sex Male"])
    hidden = disparity({**promotion, "Male": (60, 12, True)}, "Female", "promotion", "sex", stats=male, fy=2025)
    assert gate([*valid_breakdowns(), hidden], people_rows) == ({}, [])
