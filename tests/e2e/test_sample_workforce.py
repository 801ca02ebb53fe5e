"""End to end, workforce disparity and representation (issue 12): the published tables of the committed
sample against the generator's own figures (equity_pipeline.sample_data.workforce_figures: plain pandas
over the generated HR snapshots and training rosters, not the dbt SQL; the suppression takes the published
workforce_representation's ALL flags as an input), and the cases the sample plants
(population._plant_promotions_and_self_identification) checked by name."""

import math

import pandas as pd
import pytest

from tests.sample_run import published

DISPARITY = (
    "select fiscal_year, decision, dimension, group_name, eligible, selected, rate, reference_group, impact_ratio, "
    "impact_ratio_ci_low, impact_ratio_ci_high, z_score, p_value, fisher_p_value, flag, small_numbers, suppressed, "
    "is_complete from workforce_disparity"
)
# Published column -> (figures column, the half unit of its published rounding; None: compared exactly).
COLUMNS = {
    "eligible": ("eligible", None),
    "selected": ("selected", None),
    "rate": ("rate", 5e-5),
    "reference_group": ("reference_group", None),
    "impact_ratio": ("impact_ratio", 5e-5),
    "impact_ratio_ci_low": ("ci_low", 5e-5),
    "impact_ratio_ci_high": ("ci_high", 5e-5),
    "z_score": ("z_score", 5e-5),
    "p_value": ("p_value", 5e-7),
    "fisher_p_value": ("fisher_p_value", 5e-7),
    "flag": ("flag", None),
    "small_numbers": ("small_numbers", None),
    "suppressed": ("suppressed", None),
    "is_complete": ("is_complete", None),
}
KEY = ["fiscal_year", "decision", "dimension", "group_name"]


def _bad_rows(sample_run) -> dict:
    return {source: exp.bad_rows for source, exp in sample_run["expected"].items()}


def _settings(sample_run) -> dict:
    s = sample_run["settings"]
    return {
        "start_month": s.fiscal_year_start_month,
        "min_eligible": getattr(s, "disparity_min_eligible", 30),
        "threshold": s.small_cell_threshold,
    }


@pytest.fixture(scope="module")
def inputs(sample_run) -> dict:
    from equity_pipeline.sample_data import workforce_figures as wf

    bad, folder = _bad_rows(sample_run), sample_run["generated"]
    return {
        "snapshots": wf.read_snapshots(folder / "hr_workforce", bad["hr_workforce"]),
        "attendances": wf.read_attendances(folder / "training_roster", bad["training_roster"]),
    }


@pytest.fixture(scope="module")
def representation(sample_run) -> pd.DataFrame:
    """The published workforce_representation's ALL rows' suppression flags: an input of the disparity
    suppression (a group is hidden where representation hides the same people), not recomputed here."""
    columns = ["fiscal_year", "dimension", "group_name", "employees_suppressed", "hires_suppressed"]
    sql = f"select {', '.join(columns)} from workforce_representation where eeo4_job_category = 'ALL'"
    return pd.DataFrame(published(sample_run, sql), columns=columns)


@pytest.fixture(scope="module")
def figures(sample_run, representation) -> dict[tuple, dict]:
    from equity_pipeline.sample_data import workforce_figures as wf

    frame = wf.published(sample_run["generated"], _bad_rows(sample_run), representation, **_settings(sample_run))
    return {tuple(r[k] for k in KEY): r for r in frame.to_dict("records")}


@pytest.fixture(scope="module")
def rows(sample_run) -> dict[tuple, dict]:
    names = ["fiscal_year", "decision", "dimension", "group_name", *COLUMNS]
    return {tuple(r[:4]): dict(zip(names, r, strict=True)) for r in published(sample_run, DISPARITY)}


def _none(value):
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def _differences(row: dict, figure: dict) -> list[str]:
    wrong = []
    for column, (name, half_unit) in COLUMNS.items():
        got, want = _none(row[column]), _none(figure[name])
        if half_unit is None or got is None or want is None:
            same = got == want
        else:
            same = abs(float(got) - float(want)) <= half_unit + 1e-12
        if not same:
            wrong.append(f"{column}: published {got}, figures {want}")
    return wrong


def test_every_published_row_is_the_independent_figure(rows, figures):
    """5 FYs x 3 decisions x 13 groups (9 race_ethnicity + 4 sex), every seed group even when empty; each row's
    counts, rate, reference group, comparisons, flag and suppression as workforce_figures computes them."""
    assert sorted(rows) == sorted(figures)
    assert len(rows) == 5 * 3 * 13
    wrong = {key: d for key in figures if (d := _differences(rows[key], figures[key]))}
    assert wrong == {}
    hidden = [r for r in rows.values() if r["suppressed"]]
    assert hidden and all(r["eligible"] is r["selected"] is r["rate"] is r["flag"] is None for r in hidden)


def test_planted_adverse_impact_female_promotion_fy2022(rows):
    """Hand check: Female 70 of 1,234 promoted (5.67%), Male 119 of 1,289 (9.23%, the reference):
    ratio = (70/1234)/(119/1289) = 0.6145 < 0.8, z = -3.39, p = 0.0007 < 0.05 -> adverse impact."""
    female, male = rows[(2022, "promotion", "sex", "Female")], rows[(2022, "promotion", "sex", "Male")]
    assert (female["eligible"], female["selected"], male["eligible"], male["selected"]) == (1234, 70, 1289, 119)
    assert (female["reference_group"], female["flag"], female["suppressed"]) == ("Male", "adverse impact", False)
    assert round(float(female["impact_ratio"]), 4) == 0.6145
    assert float(female["p_value"]) < 0.05
    assert male["impact_ratio"] == 1 and male["flag"] == "no impact"


@pytest.mark.parametrize(
    ("fiscal_year", "female", "male", "ratio"),
    [(2024, (1182, 57), (1311, 128), 0.4939), (2025, (1199, 68), (1337, 122), 0.6215)],
)
def test_planted_adverse_impact_female_promotion_later_years(rows, fiscal_year, female, male, ratio):
    """Hand check: FY2024 (57/1182)/(128/1311) = 0.0482/0.0976 = 0.4939; FY2025 (68/1199)/(122/1337) =
    0.0567/0.0912 = 0.6215; both < 0.8 with p < 0.05 on over 1,100 people a side -> adverse impact, published."""
    f, m = rows[(fiscal_year, "promotion", "sex", "Female")], rows[(fiscal_year, "promotion", "sex", "Male")]
    assert ((f["eligible"], f["selected"]), (m["eligible"], m["selected"])) == (female, male)
    assert (f["reference_group"], f["flag"], f["suppressed"]) == ("Male", "adverse impact", False)
    assert round(float(f["impact_ratio"]), 4) == ratio and float(f["p_value"]) < 0.05


def test_planted_four_fifths_only_asian_promotion_fy2021(rows):
    """Hand check: Asian 15 of 229 (6.55%) against White 129 of 1,268 (10.17%): ratio 0.6439 < 0.8, but a group
    of 229 cannot prove it (p = 0.087 >= 0.05) -> four-fifths only."""
    asian = rows[(2021, "promotion", "race_ethnicity", "Asian")]
    white = rows[(2021, "promotion", "race_ethnicity", "White")]
    assert (asian["eligible"], asian["selected"], white["eligible"], white["selected"]) == (229, 15, 1268, 129)
    assert (asian["reference_group"], asian["flag"], asian["suppressed"]) == ("White", "four-fifths only", False)
    assert round(float(asian["impact_ratio"]), 4) == 0.6439 and float(asian["p_value"]) >= 0.05


def test_small_groups_and_multiracial_are_published(rows):
    """Middle Eastern or North African and Nonbinary have fewer than 30 eligible in some breakdowns
    (small_numbers, counts still shown when no cell is 1-10); Multiracial is its own published group."""
    small = [k for k, r in rows.items() if k[3] in ("Middle Eastern or North African", "Nonbinary")]
    assert any(rows[k]["small_numbers"] and rows[k]["eligible"] is not None and rows[k]["eligible"] < 30 for k in small)
    assert rows[(2022, "promotion", "race_ethnicity", "Multiracial")]["selected"] == 22
    assert rows[(2022, "promotion", "race_ethnicity", "Multiracial")]["small_numbers"] is False


def _breakdown(rows: dict, fiscal_year: int, decision: str, dimension: str) -> dict[str, dict]:
    return {k[3]: r for k, r in rows.items() if k[:3] == (fiscal_year, decision, dimension)}


def test_retirements_take_a_complement_fy2024_retention_by_sex(rows, figures):
    """FY2024 retention by sex: Nonbinary (3 separations) and Not reported (4 separations; 79 - 77 = 2
    retirements) are hidden on their own. The eligible, selected and not-selected passes each see two hidden
    rows above zero: nothing to add. The between-decisions pass sees one, Not reported's 2 retirees (Nonbinary
    retired nobody: a hidden 0 does not count), so the shown row with the fewest retirees goes too: Male,
    1,311 on the first day - 1,282 eligible = 29 (Female 1,182 - 1,151 = 31). Female alone is published."""
    retention = _breakdown(rows, 2024, "retention", "sex")
    promotion = _breakdown(rows, 2024, "promotion", "sex")
    assert {g for g, r in retention.items() if r["suppressed"]} == {"Male", "Nonbinary", "Not reported"}
    assert (promotion["Female"]["eligible"], promotion["Male"]["eligible"]) == (1182, 1311)
    assert (retention["Female"]["eligible"], retention["Female"]["selected"]) == (1151, 1074)
    retirees = {g: figures[(2024, "retention", "sex", g)]["between_decisions"] for g in retention}
    assert retirees == {"Female": 31, "Male": 29, "Nonbinary": 0, "Not reported": 2}
    assert figures[(2024, "retention", "sex", "Male")]["hidden_because"] == "complement"
    assert retention["Female"]["reference_group"] == "Female" and round(float(retention["Female"]["rate"]), 4) == 0.9331


def test_retirees_alone_hide_a_row_fy2022_retention_asian(inputs, rows, figures):
    """FY2022 retention, Asian: 237 eligible, 218 retained, 19 separated (none 1-10), but 4 of the 241 Asian
    employees on the first day (promotion's eligible, published) retired in the year: 241 - 237 would give
    them away, so the row is hidden. The 4 counted here from the newest HR records directly."""
    from equity_pipeline.sample_data import workforce_figures as wf

    people = wf.current(inputs["snapshots"])
    term = people["termination_date"]
    on_first_day = (people["hire_date"] <= "2022-01-01") & (term.isna() | (term >= "2022-01-01"))
    retired = (people["termination_type"] == "Retirement") & term.between("2022-01-01", "2022-12-31")
    asian = people["race_ethnicity"].map(wf.race_group) == "Asian"
    assert (asian & on_first_day & retired).sum() == 4
    assert rows[(2022, "promotion", "race_ethnicity", "Asian")]["eligible"] == 241
    hidden = rows[(2022, "retention", "race_ethnicity", "Asian")]
    assert hidden["suppressed"] and hidden["eligible"] is None
    figure = figures[(2022, "retention", "race_ethnicity", "Asian")]
    assert (figure["not_selected"], figure["between_decisions"]) == (19, 4)
    assert figure["hidden_because"] == "between decisions"
    reasons = [f["hidden_because"] for f in figures.values()]
    assert reasons.count("between decisions") >= 10 and reasons.count("representation") >= 1


def test_hidden_representation_hires_hide_the_training_row_fy2024_female(sample_run, rows, figures):
    """FY2024 training by sex: Female 267 of 1,313 trained (1,046 not; 1,313 - 1,182 = 131 hired after the
    first day), no count 1-10, is hidden because workforce_representation hides Female's FY2024 hires (ALL:
    the complement of Nonbinary's): 131 would give them back. Female promotion is published that year."""
    training = _breakdown(rows, 2024, "training_participation", "sex")
    hires = published(
        sample_run,
        "select hires_suppressed from workforce_representation where fiscal_year = 2024 and "
        "eeo4_job_category = 'ALL' and dimension = 'sex' and group_name = 'Female'",
    )
    assert hires == [(True,)]
    assert training["Female"]["suppressed"] and training["Female"]["selected"] is None
    female = figures[(2024, "training_participation", "sex", "Female")]
    assert (female["not_selected"], female["between_decisions"], female["hidden_because"]) == (
        1046, 131, "representation"
    )  # fmt: skip
    assert rows[(2024, "promotion", "sex", "Female")]["suppressed"] is False
    assert training["Male"]["selected"] == 301 and training["Male"]["suppressed"] is False


def test_late_self_identification_counts_for_every_year(inputs, rows):
    """Some employees' race is blank in older exports and reported in newer ones: the newest answer is theirs
    for every year, so FY2021's race groups are those of the newest record, not of the FY2021 exports."""
    from equity_pipeline.sample_data import workforce_figures as wf

    snapshots = inputs["snapshots"]
    current = wf.current(snapshots)
    ever_blank = snapshots.groupby("employee_id")["race_ethnicity"].agg(lambda s: (s == "").any())
    late = ever_blank & current["race_ethnicity"].map(wf.race_group).ne(wf.NOT_REPORTED)
    assert late.sum() > 100
    decided = wf.decisions(snapshots, inputs["attendances"])
    fy2021 = decided[(decided["fiscal_year"] == 2021) & (decided["decision"] == "promotion")]
    at_the_time = snapshots[snapshots["as_of_date"] == pd.Timestamp("2021-12-31")].set_index("employee_id")
    then = fy2021["employee_id"].map(at_the_time["race_ethnicity"]).fillna("").map(wf.race_group)
    now = fy2021["employee_id"].map(current["race_ethnicity"].map(wf.race_group))
    published_not_reported = rows[(2021, "promotion", "race_ethnicity", wf.NOT_REPORTED)]["eligible"]
    assert published_not_reported == (now == wf.NOT_REPORTED).sum() < (then == wf.NOT_REPORTED).sum()


def test_promotions_are_seen_in_any_export(inputs, rows):
    """A promotion replaced by a later one survives only in the exports before it: FY2022 Female promotions
    (70) are more than the newest records' last_promotion_date alone shows."""
    from equity_pipeline.sample_data import workforce_figures as wf

    current = wf.current(inputs["snapshots"])
    female = current[(current["sex"] == "Female") & (current["hire_date"] <= "2022-01-01")]
    female = female[female["termination_date"].isna() | (female["termination_date"] >= "2022-01-01")]
    newest_only = female["last_promotion_date"].between("2022-01-01", "2022-12-31").sum()
    assert newest_only < rows[(2022, "promotion", "sex", "Female")]["selected"] == 70


def test_retirements_leave_retention_eligibility(inputs, rows):
    """A retirement in the year is not a retention failure: retirees leave the eligible count. The figures with
    retirees kept differ, and the published unsuppressed counts are those without them."""
    from equity_pipeline.sample_data import workforce_figures as wf

    with_rule = wf.counts(wf.decisions(inputs["snapshots"], inputs["attendances"]), inputs["snapshots"])
    without = wf.counts(
        wf.decisions(inputs["snapshots"], inputs["attendances"], exclude_retirements=False), inputs["snapshots"]
    )
    on = ["fiscal_year", "decision", "dimension", "group_name"]
    both = with_rule.merge(without, on=on, suffixes=("", "_kept"))
    both = both[both["decision"] == "retention"]
    assert (both["eligible"] <= both["eligible_kept"]).all() and (both["eligible"] < both["eligible_kept"]).any()
    changed = both[(both["eligible"] < both["eligible_kept"]) & both["group_name"].isin(["Female", "Male"])]
    assert len(changed) >= 5
    for r in changed.itertuples():
        published_row = rows[(r.fiscal_year, r.decision, r.dimension, r.group_name)]
        assert published_row["suppressed"] or published_row["eligible"] == r.eligible != r.eligible_kept


def test_representation_all_categories_is_the_headcount_on_each_fy_last_day(sample_run, inputs):
    """workforce_representation, ALL categories: employees active on each FY's last day per group (Census
    scheme), as the independent headcount counts them, wherever the cell is published."""
    from equity_pipeline.sample_data import workforce_figures as wf

    counts = wf.headcount(inputs["snapshots"], sample_run["settings"].fiscal_year_start_month)
    expected = {(r.fiscal_year, r.dimension, r.group_name): r.employees for r in counts.itertuples()}
    published_rows = published(
        sample_run,
        "select fiscal_year, dimension, group_name, employees, employees_suppressed from workforce_representation "
        "where eeo4_job_category = 'ALL' and group_name <> 'Not reported'",
    )
    assert {r[0] for r in published_rows} == {2021, 2022, 2023, 2024, 2025}
    shown = [(fy, d, g, n) for fy, d, g, n, hidden in published_rows if not hidden]
    assert len(shown) > 50
    assert [r for r in shown if expected.get(r[:3], 0) != r[3]] == []
    assert all(n is None for *_, n, hidden in published_rows if hidden)
