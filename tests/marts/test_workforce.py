"""Workforce disparity and representation (issue 12) on a fixture whose every figure is counted by hand.

Fixture: tests/marts/workforce_fixture.py. HR exports A 2024-12-31 and B 2025-06-30 (newest); FY = calendar
year: FY2024 complete, FY2025 counted through 2025-06-30 and incomplete. Training roster 2025-06-30 only, so
training_participation starts at FY2025. EQUITY_SMALL_CELL_THRESHOLD=2, EQUITY_DISPARITY_MIN_ELIGIBLE=5.
Groups: White W01-W18, Black B01-B12 (B08 blank in A: late self-identification), Asian A01-A06, Hispanic
H01-H02 (H03 retired 2023-08-31: in no figure), Multiracial M01 (Asian; White), race Not reported N01
(Declined), N02 (blank), N03 (Declined). Sex Not reported: W12, N02, N03. Nobody Nonbinary, AIAN, MENA, NHPI.
Dates: W09, B06 hired 2025-01-01 (active on FY2025's first day: nobody is hired after it), A06 left 2025-01-01
(active on it: eligible, a separation), W10 left 2024-05-31 and is only in export A, W11 left 2024-12-31,
B12 2024-10-31, B05 2025-05-15; B07 retired 2025-03-31 (out of FY2025's retention). A04, A05 hired in 2024.
W01 promoted 2024-06-01 (export A only) and 2025-03-01.
Training FY2025 (DEI/EEO, Attended/Completed): W01 W02 W06 W07 W08 W09 W13 W14 W15 W16, B01 B06 B09, A06, M01.
  Not counted: W03 No-Show, A01 Cancelled, W04/B02 only Contractor Compliance, W05/B03 only 2024-11-05, C01.

Suppression (threshold 2). Counts per group: eligible/selected/not selected/between (training minus promotion
eligible on the training row, promotion minus retention eligible on the retention row: here only B07's
retirement, Black and Male of FY2025 retention). A group is hidden on its own (H) when one of them is 1-2, or
(L) when workforce_representation's ALL cell of the same people hides FY2025's hires (training rows) or
FY2024's employees (every FY2025 row). Then 3 rounds of a pass per count: exactly one hidden group above 0 in
it -> the unhidden group with the smallest count above 0 is hidden too (*; ties: group order); none: the
whole breakdown. Representation hides (below) FY2025 hires White (W09), Black (B06) and, sex, the whole row
(Male's 2 alone): Female, Male, Nonbinary; FY2024 employees Some Other Race (Hispanic), Two or More (Multi).
FY2024 promotion race   White 17/6 ref, Black 11/3, Asian 4/0, Hispanic 2/0/2 H, Multiracial 1/0/1 H, NR 3/0.
  Eligible and not selected: two hidden; selected: both hidden 0 (protect nothing). Black: 0.2727 / 0.3529 =
  0.7727, expected cell 11 x 9 / 28 = 3.54 < 5: Fisher p 1.0: four-fifths only.
FY2024 promotion sex    Female 21/7 * ref, Male 14/2 H, NR 3/0 *. Eligible pass: Male alone -> NR (3 < 21).
  Selected pass: NR's 0 leaves Male's 2 alone -> Female (7): the reference is hidden, so no comparison.
FY2024 retention race   White 17/15/2 H, Black 11/10/1 H ref (0.9091 > 0.8824), Asian 4/4, Hispanic 2/2 H,
  Multiracial 1/1 H, NR 3/3. Four hidden in eligible and selected, White and Black in not selected, no
  retirement: no complement; the reference is hidden.
FY2024 retention sex    Female 21/21 ref, Male 14/11 (W10 W11 B12 left), NR 3/3: nothing hidden.
  Male: ratio 11/14 = 0.7857; 3 separations -> expected cells 1.2 < 5: Fisher decides: 0.0556 -> four-fifths
  only (the z-test's 0.0265 would have said adverse impact).
FY2025 training race    White 16/10/6 L ref, Black 11/3/8 L, Asian 6/1/5 H, Hispanic 2/0 H L, Multiracial 1/1 H L,
  NR 3/0: no small count makes White or Black hidden, representation's hires do (and MENA's empty row: its
  census group is White); every pass has >= 2 hidden. Only NR, AIAN, NHPI are published; no comparison.
FY2025 training sex     Female 21/9 L ref (0.4286 > 0.4), Male 15/6 L, Nonbinary 0/0 L, NR 3/0: the hidden hires
  row takes all three, even the empty Nonbinary; NR alone is published.
FY2025 promotion race   White 16/5 ref (W15 on 01-01, W05 on 06-30 count), Black 11/3, Asian 6/0, Hispanic
  2/0 H L, Multiracial 1/0 H L, NR 3/0: two hidden in eligible and not selected, none above 0 in selected.
  Black: 48/55 = 0.8727 (5x3x16 = 240 >= 4x5x11 = 220); 3 of the 8 is the likeliest table: Fisher p 1: no impact.
FY2025 promotion sex    Female 21/8 ref, Male 15/0: Fisher by hand, C(36,8) = 30,260,340 tables; P(0 male) =
  C(21,8) = 203,490; as unlikely or less: 8 male 6,435, 7 male C(15,7)x21 = 135,135 (6 male: 1,051,050 is
  likelier) -> p = 345,060 / 30,260,340 = 0.011403: adverse impact.
FY2025 retention race   White 16/16 ref, Black 10/9/1/1 H (B07), Asian 6/5/1 H, Hispanic 2/2 H L, Multiracial 1/1
  H L, NR 3/3. Not selected: Black and Asian. Between: Black's 1 alone and no other group has one: the whole
  breakdown is hidden (else promotion's 11 minus retention's eligible gives B07's retirement away).
FY2025 retention sex    Female 21/21, Male 14/12/2/1 H (B05 A06; B07), NR 3/3 *. Eligible pass: Male alone -> NR.
  Selected: Male and NR. Not selected: NR's 0 leaves Male's 2 alone and no unhidden group has a separation
  (Female 0): the whole breakdown is hidden, Nonbinary's row of 0 too.
Not covered: a reference whose rate is 0; a hire after the first day (its 1-2 between count hides training
rows); a comparison decided by the z-test (every published one has an expected cell < 5).

Representation (employees active on 2024-12-31 / 2025-06-30; category of the newest export on or before it):
FY2024 sex  Professionals F 15 M 10 of 27, Administrative Support F 6 M 4 of 11 (B04, A05 still there in A),
  ALL F 21 M 14 of 38: nothing hidden, shares 0.6 / 0.4. Response rate: Professionals' 2 non-respondents
  (W12 N02) and Administrative Support's 1 (N03) are 1-2: hidden in every dimension; ALL 35/38 = 0.9211.
FY2024 race (Census)  ALL White 16 Black 10 Asian 6 SOR 2 2+ 1; PRO 12 6 4 2 1; ADM White 4 Black 4 Asian 2.
  Rows: ADM's Asian alone -> White 4 (ties Black, first in order); PRO and ALL hide SOR and 2+. Columns:
  White's ADM alone -> PRO 12, Asian's -> PRO 4. Stable: ALL hides only Some Other Race and Two or More.
FY2025 sex  Professionals F 16 M 11 of 29, Administrative Support F 5 M 1 of 7, ALL F 21 M 12 of 36.
  Rows: ADM Male 1 alone -> ADM Female 5. Columns: Female's hidden ADM alone -> PRO 16 (< ALL 21), Male's ->
  PRO 11 (< ALL 12). Rows again: two hidden each; stable. ALL stays: 21/33 = 0.6364, 12/33 = 0.3636;
  response rate ALL 33/36 = 0.9167, the other two hidden (2 and 1 non-respondents).
FY2025 race (Census)  ALL White 16 Black 9 Asian 5 Some Other Race 2 (H01 H02) Two or More 1 of 33/36;
  PRO White 13 Black 7 Asian 4 SOR 2 2+ 1; ADM White 3 Black 2 Asian 1. Rows: every row has two hidden
  (ADM Black Asian, PRO and ALL SOR 2+). Columns: Black's ADM alone -> PRO 7 (< 9), Asian's -> PRO 4 (< 5);
  SOR and 2+ two each. Rows again: PRO has four; stable.
Hires FY2024 A04 (PRO), A05 (ADM in export A); FY2025 W09, B06 (PRO): every hires cell above 0 is 1-2: hidden,
  and a sex row of hires with Male alone hidden whole (its Female and Nonbinary 0 too).
"""

import pytest

from tests.conftest import published, query, refresh_on_exports
from tests.e2e.declared_checks import failed_checks
from tests.marts.workforce_fixture import EXPORTS, fisher_p, flag, half_up, katz_ci, two_sided_normal_p, z_score

RACES = ["American Indian or Alaska Native", "Asian", "Black or African American", "Hispanic or Latino",
         "Middle Eastern or North African", "Native Hawaiian or Pacific Islander", "White", "Multiracial",
         "Not reported"]  # fmt: skip
SEXES = ["Female", "Male", "Nonbinary", "Not reported"]
W, BL, AS, HI, MU = "White", "Black or African American", "Asian", "Hispanic or Latino", "Multiracial"
NR = "Not reported"
EMPTY = ("American Indian or Alaska Native", "Middle Eastern or North African", "Native Hawaiian or Pacific Islander")
# (fy, decision, dimension) -> (reference group, {group: (eligible, selected[, 1 = hidden])}); absent groups 0/0
BREAKDOWNS = {
    (2024, "promotion", "race_ethnicity"): (W, {W: (17, 6), BL: (11, 3), AS: (4, 0), HI: (2, 0, 1), MU: (1, 0, 1),
                                                NR: (3, 0)}),
    (2024, "promotion", "sex"): ("Female", {"Female": (21, 7, 1), "Male": (14, 2, 1), NR: (3, 0, 1)}),
    (2024, "retention", "race_ethnicity"): (BL, {W: (17, 15, 1), BL: (11, 10, 1), AS: (4, 4), HI: (2, 2, 1),
                                                 MU: (1, 1, 1), NR: (3, 3)}),
    (2024, "retention", "sex"): ("Female", {"Female": (21, 21), "Male": (14, 11), NR: (3, 3)}),
    (2025, "training_participation", "race_ethnicity"): (W, {W: (16, 10, 1), BL: (11, 3, 1), AS: (6, 1, 1),
                                                             HI: (2, 0, 1), MU: (1, 1, 1), NR: (3, 0),
                                                             "Middle Eastern or North African": (0, 0, 1)}),
    (2025, "training_participation", "sex"): ("Female", {"Female": (21, 9, 1), "Male": (15, 6, 1),
                                                         "Nonbinary": (0, 0, 1), NR: (3, 0)}),
    (2025, "promotion", "race_ethnicity"): (W, {W: (16, 5), BL: (11, 3), AS: (6, 0), HI: (2, 0, 1), MU: (1, 0, 1),
                                                NR: (3, 0)}),
    (2025, "promotion", "sex"): ("Female", {"Female": (21, 8), "Male": (15, 0), NR: (3, 0)}),
    (2025, "retention", "race_ethnicity"): (W, {W: (16, 16, 1), BL: (10, 9, 1), AS: (6, 5, 1), HI: (2, 2, 1),
                                                MU: (1, 1, 1), NR: (3, 3, 1), **{g: (0, 0, 1) for g in EMPTY}}),
    (2025, "retention", "sex"): ("Female", {"Female": (21, 21, 1), "Male": (14, 12, 1), "Nonbinary": (0, 0, 1),
                                            NR: (3, 3, 1)}),
}  # fmt: skip
FLAGS = {  # the hand-decided flag of every row with a comparison
    (2024, "promotion", "race_ethnicity"): {W: "no impact", BL: "four-fifths only", AS: "four-fifths only"},
    (2024, "retention", "sex"): {"Female": "no impact", "Male": "four-fifths only"},
    (2025, "promotion", "race_ethnicity"): {W: "no impact", BL: "no impact", AS: "four-fifths only"},
    (2025, "promotion", "sex"): {"Female": "no impact", "Male": "adverse impact"},
}
COLUMNS = (
    "fiscal_year, decision, dimension, group_name, eligible, selected, rate, reference_group, impact_ratio, "
    "impact_ratio_ci_low, impact_ratio_ci_high, z_score, p_value, fisher_p_value, flag, small_numbers, suppressed, "
    "is_complete"
)


@pytest.fixture(scope="module")
def wf_run(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EQUITY_SMALL_CELL_THRESHOLD", "2")
        mp.setenv("EQUITY_DISPARITY_MIN_ELIGIBLE", "5")
        mp.setenv("EQUITY_FISCAL_YEAR_START_MONTH", "1")
        with refresh_on_exports(tmp_path_factory.mktemp("workforce"), EXPORTS, "workforce-key") as run:
            yield run


def disparity_rows(run: dict) -> dict[tuple, dict]:
    names = COLUMNS.split(", ")
    rows = [dict(zip(names, r, strict=True)) for r in published(run, f"select {COLUMNS} from workforce_disparity")]
    keyed = {(r["fiscal_year"], r["decision"], r["dimension"], r["group_name"]): r for r in rows}
    assert len(keyed) == len(rows)
    return keyed


def test_the_fixture_lands_whole_and_the_run_publishes(wf_run):
    settings = wf_run["settings"]
    assert query(settings, "select source, count(*) from audit.quarantine group by source") == []
    failures = [e.asset_check_key.to_user_string() for e in failed_checks(wf_run["result"])]
    assert failures == []
    assert wf_run["result"].success


def test_every_group_of_every_breakdown_is_published_with_its_counts(wf_run):
    rows = disparity_rows(wf_run)
    # FY2024 has no training: the roster starts in FY2025. Every seed group in every breakdown.
    assert set(rows) == {(*k, g) for k in BREAKDOWNS for g in (RACES if k[2] == "race_ethnicity" else SEXES)}
    for key, (reference, groups) in BREAKDOWNS.items():
        for group in RACES if key[2] == "race_ethnicity" else SEXES:
            eligible, selected, *hidden = groups.get(group, (0, 0))
            row = rows[(*key, group)]
            shown = (eligible, selected, half_up(selected / eligible, 4) if eligible else None)
            expected = (None, None, None) if hidden else shown
            got = (row["eligible"], row["selected"], row["rate"])
            assert got == expected, (key, group)
            assert (row["suppressed"], row["small_numbers"], row["reference_group"], row["is_complete"]) == (
                bool(hidden),
                eligible < 5,
                reference,
                key[0] == 2024,
            ), (key, group)


def test_comparisons_against_the_reference_match_independent_computations(wf_run):
    rows = disparity_rows(wf_run)
    compared = {}
    for key, (reference, groups) in BREAKDOWNS.items():
        n2, c, *ref_hidden = groups[reference]
        for group in RACES if key[2] == "race_ethnicity" else SEXES:
            n1, a, *hidden = groups.get(group, (0, 0))
            row = rows[(*key, group)]
            got = tuple(row[k] for k in ("impact_ratio", "impact_ratio_ci_low", "impact_ratio_ci_high", "z_score",
                                         "p_value", "fisher_p_value"))  # fmt: skip
            if ref_hidden or hidden or group == NR or n1 == 0:
                assert (*got, row["flag"]) == (None,) * 7, (key, group)
                continue
            if group == reference:
                assert (*got, row["flag"]) == (1.0, None, None, None, None, None, "no impact"), (key, group)
            else:
                low, high = katz_ci(a, n1, c, n2)
                z = z_score(a, n1, c, n2)
                expected = (
                    half_up((a / n1) / (c / n2), 4), half_up(low, 4), half_up(high, 4), half_up(z, 4),
                    half_up(two_sided_normal_p(z), 6), half_up(fisher_p(a, n1, c, n2), 6),
                )  # fmt: skip
                assert got == expected, (key, group)
                assert row["flag"] == flag(a, n1, c, n2), (key, group)
            compared[(*key, group)] = row["flag"]
    assert compared == {(*k, g): f for k, flags in FLAGS.items() for g, f in flags.items()}


def test_the_hand_computed_statistics(wf_run):
    rows = disparity_rows(wf_run)
    male_2024 = rows[(2024, "retention", "sex", "Male")]
    figures = (male_2024["impact_ratio"], male_2024["p_value"], male_2024["fisher_p_value"])
    assert figures == (0.7857, 0.026519, 0.055615)
    male_2025 = rows[(2025, "promotion", "sex", "Male")]
    assert male_2025["fisher_p_value"] == round(345060 / 30260340, 6) == 0.011403
    assert male_2025["impact_ratio_ci_low"] is None  # a = 0: no Katz interval
    black = rows[(2025, "promotion", "race_ethnicity", BL)]
    assert (black["impact_ratio"], black["fisher_p_value"], black["flag"]) == (0.8727, 1.0, "no impact")
    # 3 and 4 of the 9 promotions among Black's 11 are equally likely (C(11,4)C(17,5) = C(11,3)C(17,6)), so
    # no table is likelier than the observed one: Fisher's p is 1
    black = rows[(2024, "promotion", "race_ethnicity", BL)]
    assert (black["impact_ratio"], black["fisher_p_value"], black["flag"]) == (0.7727, 1.0, "four-fifths only")


REP_COLUMNS = "employees, workforce_share, employees_suppressed, response_rate"
CENSUS_RACE = {"White": 164446, "Black or African American": 14576, "American Indian or Alaska Native": 23661,
               "Asian": 27646, "Native Hawaiian or Pacific Islander": 10001, "Some Other Race": 10115,
               "Two or More Races": 40802}  # fmt: skip
ADMIN, PROF = "Administrative Support", "Professionals"


def representation(run: dict, fiscal_year: int, dimension: str) -> dict[tuple, tuple]:
    rows = published(
        run,
        f"select eeo4_job_category, group_name, {REP_COLUMNS} from workforce_representation "
        f"where fiscal_year = {fiscal_year} and dimension = '{dimension}' and eeo4_job_category in "
        f"('ALL', '{PROF}', '{ADMIN}')",
    )
    return {r[:2]: r[2:] for r in rows}


def test_representation_of_sex_without_and_with_two_way_suppression(wf_run):
    assert representation(wf_run, 2024, "sex") == {
        (PROF, "Female"): (15, 0.6, False, None), (PROF, "Male"): (10, 0.4, False, None),
        (PROF, "Nonbinary"): (0, 0.0, False, None), (ADMIN, "Female"): (6, 0.6, False, None),
        (ADMIN, "Male"): (4, 0.4, False, None), (ADMIN, "Nonbinary"): (0, 0.0, False, None),
        ("ALL", "Female"): (21, 0.6, False, 0.9211), ("ALL", "Male"): (14, 0.4, False, 0.9211),
        ("ALL", "Nonbinary"): (0, 0.0, False, 0.9211),
    }  # fmt: skip
    rows = representation(wf_run, 2025, "sex")
    hidden = {(c, g) for c in (PROF, ADMIN) for g in ("Female", "Male")}
    assert {k for k, v in rows.items() if v[2]} == hidden
    assert all(rows[k][:2] == (None, None) for k in hidden)
    assert rows[("ALL", "Female")] == (21, 0.6364, False, 0.9167)
    assert rows[("ALL", "Male")] == (12, 0.3636, False, 0.9167)
    assert rows[("ALL", "Nonbinary")] == (0, 0.0, False, 0.9167)
    assert all(rows[(c, g)][3] is None for c in (PROF, ADMIN) for g in ("Female", "Male", "Nonbinary"))


def test_representation_of_race_on_the_census_scheme_against_the_population(wf_run):
    rows = published(
        wf_run,
        "select eeo4_job_category, group_name, employees, workforce_share, population_share, workforce_parity_index,"
        " employees_suppressed from workforce_representation where fiscal_year = 2025 and dimension = 'race' and"
        f" eeo4_job_category in ('ALL', '{PROF}', '{ADMIN}')",
    )
    got = {r[:2]: r[2:] for r in rows}
    shown = {("ALL", "White"): (16, 33), ("ALL", "Black or African American"): (9, 33), ("ALL", "Asian"): (5, 33),
             (PROF, "White"): (13, 27), (ADMIN, "White"): (3, 6)}  # fmt: skip
    total = sum(CENSUS_RACE.values())  # 291,247
    for (category, group), (people, answered) in shown.items():
        share = CENSUS_RACE[group] / total
        expected = (people, half_up(people / answered, 4), half_up(share, 4), half_up(people / answered / share, 4))
        assert got[(category, group)] == (*expected, False), (category, group)
    empty = ("American Indian or Alaska Native", "Native Hawaiian or Pacific Islander")
    zero = {(c, g) for c in ("ALL", PROF, ADMIN) for g in empty} | {
        (ADMIN, "Some Other Race"),
        (ADMIN, "Two or More Races"),
    }
    assert {k for k, v in got.items() if v[-1]} == set(got) - set(shown) - zero
    assert all(got[k][:2] == (0, 0.0) and got[k][3:] == (0.0, False) for k in zero)


def test_every_hires_cell_is_hidden(wf_run):
    assert published(
        wf_run,
        "select fiscal_year, count(*) filter (where hires > 0), count(*) filter (where hires_suppressed) "
        "from workforce_representation where eeo4_job_category in ('ALL', 'Professionals', 'Administrative Support')"
        " and dimension = 'sex' and group_name = 'Male' group by fiscal_year order by fiscal_year",
    ) == [(2024, 0, 3), (2025, 0, 2)]


def test_training_rows_are_hidden_where_representation_hides_the_same_peoples_hires(wf_run):
    linked = published(
        wf_run,
        "select fiscal_year, dimension, group_name, hires_suppressed, employees_suppressed from "
        "workforce_representation where eeo4_job_category = 'ALL' and dimension in ('race', 'sex') and "
        "(hires_suppressed or employees_suppressed)",
    )
    hires = {(d, g) for fy, d, g, h, _ in linked if fy == 2025 and h}
    assert hires == {("race", W), ("race", BL), ("sex", "Female"), ("sex", "Male"), ("sex", "Nonbinary")}
    # FY2024's hidden headcount maps to Hispanic and Multiracial, hidden in FY2025 on their own counts too
    assert {(d, g) for fy, d, g, _, e in linked if fy == 2024 and e} == {
        ("race", "Some Other Race"),
        ("race", "Two or More Races"),
    }
    # The same people (nobody hired after the first day) are published in promotion, not in training
    rows = disparity_rows(wf_run)
    for dimension, group in ((d.replace("race", "race_ethnicity"), g) for d, g in hires - {("sex", "Nonbinary")}):
        assert rows[(2025, "training_participation", dimension, group)]["suppressed"], group
        assert rows[(2025, "promotion", dimension, group)]["eligible"] > 2, group
