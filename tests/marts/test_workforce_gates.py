"""The blocking gates on the workforce marts, on hand-made marts and intermediate rows: the valid rows
pass every gate, and each rule fails exactly the figure that breaks it (threshold 10, min eligible 30).

Valid rows (workforce_gate_rows.py), FY2024 retention, 145 eligible, 96 retained:
- race_ethnicity: Asian 28 of 40 (rate 0.7), Black 13 of 25 (0.52, small numbers), Hispanic 6 of 8,
  White 38 of 50 (0.76), Not reported 11 of 22. White is the reference: the highest rate of the groups
  with 30+ eligible (Asian, White). Hispanic is hidden on its own (8 eligible, 2 not retained) and Not
  reported (22, the smallest other eligible above zero) with it, so no count column has a lone hidden
  cell. Asian: ratio 0.7 / 0.76 = 0.9211, no impact; Black: 0.52 / 0.76 = 0.6842, z-test p 0.035692
  (every expected cell >= 5): adverse impact.
- sex: Female 50 of 70 (0.7143, the reference), Male 35 of 55 hidden as the complement of Not reported
  (11 of 20: 9 not retained, hidden on its own).
workforce_representation, FY2024 sex, everyone answered: Officials and Administrators Female 30, Male
25; Professionals Female 40, Male 35, Nonbinary 3 (hires 12, 15, 0); ALL Female 70, Male 60,
Nonbinary 3 (hires 12, 15, 0). Nonbinary's 3 are hidden on their own in Professionals and ALL, Male
with them in both rows; the Nonbinary and Male columns then each hold two hidden cells.
"""

import copy

import duckdb
import pytest

from equity_pipeline.dbt_runtime import run_dbt
from tests.conftest import settings_under
from tests.marts.gate_helpers import create_published_marts, failed_expectations, fill
from tests.marts.workforce_gate_rows import (
    RACE,
    REPRESENTATION,
    beside_sex,
    disparity,
    edit,
    people,
    representation,
    valid_breakdowns,
)

TABLES = ("workforce_disparity", "workforce_representation")
PAIR = ("expect_column_pair_values_to_be_equal", None, "in gate_workforce")
RACE_CELL = "2024 retention race_ethnicity"
INTERMEDIATE = {
    "int_workforce_disparity__counts": "fiscal_year integer, decision varchar, decision_order integer, "
    "dimension varchar, dimension_order integer, group_name varchar, group_order integer, is_complete boolean, "
    "eligible bigint, selected bigint, reference_group varchar, reference_eligible bigint, reference_selected bigint",
    "int_workforce_disparity__people": "fiscal_year integer, decision varchar, employee_key varchar, selected boolean",
    "int_workforce_representation__cells": "fiscal_year integer, as_of_date date, is_complete boolean, "
    "eeo4_job_category varchar, dimension varchar, dimension_order integer, group_name varchar, "
    "group_order integer, employees bigint, hires bigint, reported_employees bigint, all_employees bigint, "
    "reported_hires bigint, population_share double, population_source varchar, population_year integer",
}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    """Hand-made workforce marts and intermediate tables, with the groups seeds and dbt's gate view."""
    tmp = tmp_path_factory.mktemp("workforce_gates")
    settings = settings_under(tmp)
    settings.warehouse_dir.mkdir(parents=True)
    with duckdb.connect(str(settings.warehouse_path)) as con:
        create_published_marts(con, TABLES)
        con.execute("create schema intermediate")
        for name, columns in INTERMEDIATE.items():
            con.execute(f"create table intermediate.{name} ({columns})")
    for args in (
        ["seed", "--select", "disparity_groups", "representation_groups"],
        ["run", "--select", "gate_workforce"],
    ):
        built = run_dbt(args, settings, target_path=tmp / "target")
        assert built.returncode == 0, built.stdout + built.stderr
    return settings.warehouse_path


@pytest.fixture
def gate(warehouse):
    def _gate(breakdowns=None, people_rows=None, rep=None) -> tuple[dict, list]:
        """The marts' failed expectations, and the gate view's figures whose expected and actual differ."""
        breakdowns = valid_breakdowns() if breakdowns is None else breakdowns
        rep_mart, rep_cells = rep or representation(REPRESENTATION)
        with duckdb.connect(str(warehouse)) as con:
            fill(con, "marts.workforce_disparity", [row for mart, _ in breakdowns for row in mart])
            fill(con, "intermediate.int_workforce_disparity__counts", [row for _, c in breakdowns for row in c])
            fill(con, "intermediate.int_workforce_disparity__people", people_rows or people("retention", 145, 96))
            fill(con, "marts.workforce_representation", rep_mart)
            fill(con, "intermediate.int_workforce_representation__cells", rep_cells)
            figures = con.execute(
                "select table_name, cell, figure, expected, actual from gates.gate_workforce "
                "where expected is distinct from actual order by all"
            ).fetchall()
            return failed_expectations(con, TABLES), figures

    return _gate


def test_the_valid_rows_pass_every_gate(gate):
    assert gate() == ({}, [])


def disparity_fails(figures: list[tuple]) -> tuple[dict, list]:
    return {"workforce_disparity": [PAIR]}, [("workforce_disparity", *f) for f in figures]


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
    # Black (0.52, below 30 eligible) named the reference: Asian 0.7 and White 0.76 are above it
    race, counts = disparity(RACE, "Black or African American")
    assert gate(beside_sex((race, counts))) == disparity_fails([(RACE_CELL, "reference has the highest rate", 1, 0)])


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
    assert failed == {"workforce_disparity": [PAIR, ("expect_column_values_to_be_between", "rate", "")]}
    assert figures == [
        ("workforce_disparity", f"{RACE_CELL} Black or African American", "selected at most eligible", 25, 26)
    ]


def test_a_lone_hidden_group_fails_every_count_column(gate):
    # Not reported published: Hispanic's 8 eligible, 6 retained and 2 not are each recoverable
    cells = {**RACE, "Not reported": (22, 11, False)}
    assert gate(beside_sex(disparity(cells, "White"))) == disparity_fails(
        [
            (RACE_CELL, "small hidden eligible exposed", 0, 1),
            (RACE_CELL, "small hidden not selected exposed", 0, 1),
            (RACE_CELL, "small hidden selected exposed", 0, 1),
        ]
    )


@pytest.mark.parametrize(
    ("not_reported_selected", "figure"),
    [(0, "small hidden selected exposed"), (22, "small hidden not selected exposed")],
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
                ("2024 promotion sex", "small hidden eligible exposed", 0, 1),
                ("2024 promotion sex", "small hidden not selected exposed", 0, 1),
                ("2024 promotion sex", "small hidden selected exposed", 0, 1),
            ]
        )
    )


def test_a_shown_count_differing_from_the_count_before_suppression_fails(gate):
    race, counts = disparity(RACE, "White")
    race = edit(race, "Asian", eligible=41)
    assert gate(beside_sex((race, counts))) == disparity_fails([(RACE_CELL, "shown eligible unaltered", 115, 116)])


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


def representation_fails(figures: list[tuple]) -> tuple[dict, list]:
    return {"workforce_representation": [PAIR]}, [("workforce_representation", *f) for f in figures]


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
    # Professionals' Male 35 published: 78 who answered - 40 - 35 gives Nonbinary's 3 away
    cells = copy.deepcopy(REPRESENTATION)
    cells["Professionals"]["Male"] = (35, 15, False, False)
    assert gate(rep=representation(cells)) == representation_fails(
        [("2024 Professionals sex", "small hidden employees in the category exposed", 0, 1)]
    )


def test_a_small_hidden_cell_exposed_across_categories_fails(gate):
    # Nonbinary: Officials 12 and ALL 15 published, Professionals' 3 hidden alone in the column: 15 - 12
    cells = copy.deepcopy(REPRESENTATION)
    cells["Officials and Administrators"]["Nonbinary"] = (12, 0, False, False)
    cells["ALL"] = {
        "Female": (70, 12, False, False),
        "Male": (60, 15, False, False),
        "Nonbinary": (15, 0, False, False),
    }
    assert gate(rep=representation(cells)) == representation_fails(
        [("2024 sex Nonbinary", "small hidden employees across categories exposed", 0, 1)]
    )


def test_a_hidden_cell_showing_its_employees_fails(gate):
    # Professionals' Nonbinary hidden, but its 3 employees left in
    rep_mart, rep_cells = representation(REPRESENTATION)
    leaky = [r[:6] + (3,) + r[7:] if r[3] == "Professionals" and r[5] == "Nonbinary" else r for r in rep_mart]
    assert gate(rep=(leaky, rep_cells)) == (
        {"workforce_representation": [("expect_column_values_to_be_null", "employees", "")]},
        [],
    )


def small_published(kind: str) -> dict:
    """Rows publishing a small figure that the gates let through (reported to the lead, issue 12)."""
    if kind == "disparity":  # Hispanic's 8 eligible shown; Not reported hidden alone, 22 (not small)
        return {"breakdowns": beside_sex(disparity({**RACE, "Hispanic or Latino": (8, 6, False)}, "White"))}
    if kind == "representation":  # Nonbinary's 3 shown in Professionals and ALL, nothing hidden
        cells = copy.deepcopy(REPRESENTATION)
        for category in ("Professionals", "ALL"):
            cells[category] = {g: (e, h, False, False) for g, (e, h, *_) in cells[category].items()}
        return {"rep": representation(cells)}
    # the reference White hidden, yet Asian's ratio 0.9211 beside its rate 0.7 gives White's 0.76 back
    return {"breakdowns": beside_sex(disparity({**RACE, "White": (50, 38, True)}, "White"))}


@pytest.mark.xfail(strict=True, reason="gate gap: no gate checks these (reported to the lead)")
@pytest.mark.parametrize("kind", ["disparity", "representation", "hidden reference"])
def test_a_small_or_recoverable_figure_published_fails(gate, kind):
    assert gate(**small_published(kind))[0] != {}
