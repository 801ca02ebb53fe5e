"""Hand-made rows for the workforce gate tests (test_workforce_gates.py and
test_workforce_representation_gates.py): each breakdown is given as its counts before suppression and
which cells are hidden, and expands to the mart's rows beside the intermediate rows the gate views read
(threshold 10, min eligible 30).

Valid rows, FY2024 retention, 145 eligible, 96 retained:
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
with them in both rows; the Nonbinary and Male columns then each hold two hidden cells. ALL's hidden
Male and Nonbinary headcounts hide those groups' FY2025 disparity rows (the people employed on its
first day).
"""

import datetime as dt

from equity_pipeline.publish.catalog import published_table

FY = 2024
AS_OF = dt.date(2024, 12, 31)

# disparity_groups seed: (dimension_order, {group: group_order})
DISPARITY_GROUPS = {
    "race_ethnicity": (1, {
        "American Indian or Alaska Native": 1, "Asian": 2, "Black or African American": 3, "Hispanic or Latino": 4,
        "Middle Eastern or North African": 5, "Native Hawaiian or Pacific Islander": 6, "White": 7,
        "Multiracial": 8, "Not reported": 9,
    }),
    "sex": (2, {"Female": 1, "Male": 2, "Nonbinary": 3, "Not reported": 4}),
}  # fmt: skip
DECISION_ORDER = {"training_participation": 1, "promotion": 2, "retention": 3}

# group -> (eligible, selected, suppressed); groups left out are 0 of 0, published
RACE = {
    "Asian": (40, 28, False),
    "Black or African American": (25, 13, False),
    "Hispanic or Latino": (8, 6, True),  # eligible 8 and not selected 2: hidden on its own
    "White": (50, 38, False),
    "Not reported": (22, 11, True),  # the smallest other eligible above zero: its complement
}
SEX = {
    "Female": (70, 50, False),
    "Male": (55, 35, True),  # the complement of Not reported
    "Not reported": (20, 11, True),  # not selected 9: hidden on its own
}
# The published comparisons against the reference (scipy, rounded as published): impact ratio, its
# Katz interval, z, the z-test's p, Fisher's p, flag
STATS = {
    "Asian": (0.9211, 0.7132, 1.1895, -0.6396, 0.522431, 0.632795, "no impact"),
    "Black or African American": (0.6842, 0.4552, 1.0285, -2.1004, 0.035692, 0.064442, "adverse impact"),
}
MIN_ELIGIBLE = 30  # dbt var disparity_min_eligible's default


def disparity(
    cells: dict,
    reference: str | None,
    decision: str = "retention",
    dimension: str = "race_ethnicity",
    stats: dict = STATS,
    fy: int = FY,
) -> tuple[list[tuple], list[tuple]]:
    """One breakdown's workforce_disparity rows and int_workforce_disparity__counts rows (every seed group)."""
    dimension_order, groups = DISPARITY_GROUPS[dimension]
    ref_eligible, ref_selected, _ = cells[reference] if reference else (None, None, None)
    mart, counts = [], []
    for group, group_order in groups.items():
        eligible, selected, hidden = cells.get(group, (0, 0, False))
        counts.append((
            fy, decision, DECISION_ORDER[decision], dimension, dimension_order, group, group_order, True,
            eligible, selected, reference, ref_eligible, ref_selected,
        ))  # fmt: skip
        if hidden:  # the reference group and small_numbers stay published
            shown, compared = (None, None, None), (None,) * 7
        else:
            shown = (eligible, selected, round(selected / eligible, 4) if eligible else None)
            reference_row = (1.0, None, None, None, None, None, "no impact")
            compared = reference_row if group == reference else stats.get(group, (None,) * 7)
        mart.append(
            (fy, decision, dimension, group, *shown, reference, *compared, eligible < MIN_ELIGIBLE, hidden, True)
        )
    return mart, counts


def people(decision: str, eligible: int, selected: int, fy: int = FY) -> list[tuple]:
    """int_workforce_disparity__people: one row per eligible employee (employee_key made up)."""
    return [(fy, decision, f"{fy}-{decision}-{i:03d}", i < selected) for i in range(eligible)]


def valid_breakdowns() -> list[tuple[list, list]]:
    """The valid FY2024 retention breakdowns: race_ethnicity (reference White) and sex (reference Female)."""
    return [disparity(RACE, "White"), disparity(SEX, "Female", dimension="sex")]


def beside_sex(race: tuple[list, list]) -> list[tuple[list, list]]:
    """This race breakdown, with the valid sex breakdown."""
    return [race, valid_breakdowns()[1]]


def edit(rows: list[tuple], group: str, **changes: object) -> list[tuple]:
    """The disparity mart rows with one group's columns changed (by name)."""
    names = [c.name for c in published_table("workforce_disparity").columns]
    changed = []
    for row in rows:
        values = list(row)
        if values[names.index("group_name")] == group:
            for column, value in changes.items():
                values[names.index(column)] = value
        changed.append(tuple(values))
    return changed


SEX_GROUPS = {"Female": 1, "Male": 2, "Nonbinary": 3}  # representation_groups seed, dimension sex (order 3)
# category -> group -> (employees, hires, employees suppressed, hires suppressed); everyone answered
REPRESENTATION = {
    "Officials and Administrators": {"Female": (30, 0, False, False), "Male": (25, 0, False, False)},
    "Professionals": {
        "Female": (40, 12, False, False),
        "Male": (35, 15, True, False),  # the complement of Nonbinary in the category
        "Nonbinary": (3, 0, True, False),  # 3 employees: hidden on its own
    },
    "ALL": {
        "Female": (70, 12, False, False),
        "Male": (60, 15, True, False),  # the complement of Nonbinary in ALL
        "Nonbinary": (3, 0, True, False),  # 3 employees: hidden on its own
    },
}


def representation(cells: dict, reported: dict | None = None) -> tuple[list[tuple], list[tuple]]:
    """workforce_representation rows and int_workforce_representation__cells rows (sex only).

    reported: a category's employees who answered, where not the sum of its groups."""
    mart, before = [], []
    for category, groups in cells.items():
        answered = (reported or {}).get(category, sum(e for e, *_ in groups.values()))
        hired = sum(h for _, h, *_ in groups.values())
        for group, group_order in SEX_GROUPS.items():
            employees, hires, employees_hidden, hires_hidden = groups.get(group, (0, 0, False, False))
            before.append((
                FY, AS_OF, True, category, "sex", 3, group, group_order, employees, hires, answered, answered, hired,
                None, None, None,
            ))  # fmt: skip
            mart.append((
                FY, AS_OF, True, category, "sex", group,
                None if employees_hidden else employees,
                None if employees_hidden or not answered else round(employees / answered, 4),
                None if hires_hidden else hires,
                None if hires_hidden or not hired else round(hires / hired, 4),
                None, None, None, 1.0, employees_hidden, hires_hidden, employees_hidden or hires_hidden, None, None,
            ))  # fmt: skip
    return mart, before
