"""The sample municipality: its departments and everyone it employed, with their histories.

About 2,600 employees in 15 departments (Anchorage's size), hired and separated over 2018-2025.
Every source's exports are cut from this one population, so a claimant or an attendee is an
employee the HR snapshots know.

Issue 12 (workforce disparity) plants its cases here, from a separate generator (see
`_plant_promotions_and_self_identification`): promotions in 2021-2025 cut for Female (`adverse impact`
in FY2022, FY2024, FY2025) and for Asian (`four-fifths only` in FY2021); several promotions for some
people, so an earlier one is seen only in the exports before the next replaced last_promotion_date;
and late self-identifications (race blank in older exports, reported in newer ones).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from equity_pipeline.contracts import all_contracts
from equity_pipeline.sample_data.common import allowed

DEPARTMENTS = {  # code: (name, share of the workforce)
    "APD": ("Anchorage Police Department", 0.22),
    "AFD": ("Anchorage Fire Department", 0.15),
    "PW": ("Public Works", 0.10),
    "AWWU": ("Anchorage Water & Wastewater Utility", 0.10),
    "ML&P": ("Municipal Light & Power Legacy Office", 0.02),
    "PRK": ("Parks and Recreation", 0.07),
    "LIB": ("Anchorage Public Library", 0.04),
    "HD": ("Anchorage Health Department", 0.07),
    "TRN": ("Public Transportation", 0.08),
    "MOA-HR": ("Human Resources", 0.02),
    "FIN": ("Finance", 0.04),
    "IT": ("Information Technology", 0.04),
    "PLN": ("Planning", 0.02),
    "LAW": ("Municipal Attorney", 0.02),
    "OEJ": ("Office of Equity and Justice", 0.01),
}
FIRST_NAMES = [
    "José",
    "María",
    "John",
    "Anna",
    "Qaġġun",
    "Ngozi",
    "Mei",
    "Tuilagi",
    "Sarah",
    "David",
    "Aleksandr",
    "Hồng",
    "Kiana",
    "Nayeli",
    "Peter",
    "Lupe",
    "Amaruq",
    "Grace",
    "Omar",
    "Ji-woo",
]
LAST_NAMES = [
    "Ñunez",
    "Smith",
    "Johnson",
    "Nguyen",
    "Kim",
    "Alexie",
    "Fa'amausili",
    "O'Brien",
    "García",
    "Ahgupuk",
    "Lee",
    "Brown",
    "Petrov",
    "Tupou",
    "Hernández",
    "Wilson",
    "Chang",
    "Jackson",
]
JOB_TITLES = [
    "Analyst",
    "Officer",
    "Technician",
    "Clerk",
    "Engineer",
    "Manager",
    "Firefighter",
    "Librarian",
    "Operator",
    "Specialist",
]

_RACE = all_contracts()["hr_workforce"].column("race_ethnicity")
# The contracts' one "declined" answer: exclusive in the race list, also accepted by every
# flag-or-declined column.
DECLINED = _RACE.exclusive[0]
# Shares near the Municipality of Anchorage 2020 Census reference, in the Census table's order:
# the seeded draws index this order (not the contract's alphabetical one), so it fixes the sample.
RACE_SHARES = {
    "White": 0.50,
    "American Indian or Alaska Native": 0.07,
    "Black or African American": 0.05,
    "Asian": 0.09,
    "Native Hawaiian or Pacific Islander": 0.03,
    "Hispanic or Latino": 0.07,
    "Middle Eastern or North African": 0.01,
}
if set(RACE_SHARES) != set(_RACE.allowed):
    raise ValueError(f"RACE_SHARES must share the race_ethnicity contract's values {_RACE.allowed}")
MULTIRACIAL_SHARE, NO_RESPONSE_SHARE = 0.10, 0.08
# A multiracial answer combines two of the first six races in the Census order.
MULTIRACIAL_FROM = 6


def races(rng: np.random.Generator, n: int) -> np.ndarray:
    """n race/ethnicity answers: single, two races joined by ';', Declined to State, or blank."""
    census = list(RACE_SHARES)
    multiracial, no_response = len(census), len(census) + 1
    shares = [*RACE_SHARES.values(), MULTIRACIAL_SHARE, NO_RESPONSE_SHARE]
    pick = rng.choice(len(shares), size=n, p=shares)
    single = np.array([*census, "", ""], dtype=object)[pick]
    for i in np.flatnonzero(pick == multiracial):
        a, b = rng.choice(MULTIRACIAL_FROM, size=2, replace=False)
        single[i] = f"{census[a]}{_RACE.separator}{census[b]}"
    declined = np.flatnonzero(pick == no_response)
    single[declined[: len(declined) // 2]] = DECLINED  # the other half left it blank
    return single


# Issue 12's disparity cases, drawn from a SEPARATE generator seeded from the main one's seed, so that
# every draw of the main generator (and so every other source's file) is the one it was before.
# Promotions in the published years (2021-2025): each year employed, a promotion on a random day with
# PROMOTION_RATE, cut for two groups so that the published workforce_disparity has cases to show:
# Female (large) x0.6 -> `adverse impact` against Male, 57-70 promoted a year (FY2021 and FY2023 compare
# with Nonbinary, whose row is hidden, so nothing is published); Asian (mid-size) x0.7 -> below four-fifths
# of the reference, which a group this size cannot prove: `four-fifths only` in FY2021 (15 of 229 vs White).
# Earlier promotions (the main generator's draw, if before 2021) stay as history.
PROMOTION_RATE, PROMOTION_FACTORS = 0.10, {"Female": 0.6, "Asian": 0.7}
PROMOTION_YEARS, FIRST_PROMOTION_AFTER_DAYS = range(2021, 2026), 180
# Late self-identification: a share of long-serving staff with a race answer left it blank until a
# quarter end drawn in 2022-2025; exports before that date show them blank. The newest answer counts
# for every year (issue 12), so the published groups must not grow "Not reported" in early years.
SELF_ID_LATE_SHARE, SELF_ID_HIRED_BEFORE = 0.12, pd.Timestamp("2022-01-01")


def _plant_promotions_and_self_identification(frame: pd.DataFrame, rng: np.random.Generator) -> None:
    """Adds `promotion_dates` (every promotion, oldest first; last_promotion_date is the newest) and
    `race_reported_from` (the first export date showing the race answer; NaT = every export)."""
    n = len(frame)
    factor = np.ones(n)
    for answer, cut in PROMOTION_FACTORS.items():
        factor *= np.where((frame["sex"] == answer) | (frame["race_ethnicity"] == answer), cut, 1.0)
    earliest = frame["hire_date"] + pd.Timedelta(days=FIRST_PROMOTION_AFTER_DAYS)
    latest = frame["termination_date"].fillna(pd.Timestamp(f"{PROMOTION_YEARS[-1]}-12-31"))
    before = frame["last_promotion_date"].where(frame["last_promotion_date"] < pd.Timestamp("2021-01-01"))
    dates = [[d] if pd.notna(d) else [] for d in before]
    for year in PROMOTION_YEARS:
        day = pd.Timestamp(f"{year}-01-01") + pd.to_timedelta(rng.integers(0, 365, size=n), unit="D")
        promoted = (rng.random(n) < PROMOTION_RATE * factor) & (day >= earliest) & (day <= latest)
        for i in np.flatnonzero(promoted.to_numpy()):
            dates[i].append(day[i])
    frame["promotion_dates"] = dates
    frame["last_promotion_date"] = pd.to_datetime([d[-1] if d else pd.NaT for d in dates])
    reported = ~frame["race_ethnicity"].isin(["", DECLINED])
    late = (rng.random(n) < SELF_ID_LATE_SHARE) & reported & frame["termination_date"].isna()
    late &= frame["hire_date"] < SELF_ID_HIRED_BEFORE
    quarter_ends = pd.date_range("2022-03-31", "2025-09-30", freq="QE")
    frame["race_reported_from"] = pd.NaT
    frame.loc[late, "race_reported_from"] = quarter_ends[rng.integers(0, len(quarter_ends), size=int(late.sum()))]


def employees(rng: np.random.Generator, scale: float) -> pd.DataFrame:
    """The whole population ever employed 2018-2025, with hire and separation dates."""
    n_start = int(round(2600 * scale))
    n_hires = int(round(n_start * 0.10 * 5))  # ~10% turnover replaced each year
    n = n_start + n_hires
    codes = list(DEPARTMENTS)
    weights = np.array([DEPARTMENTS[c][1] for c in codes])
    dept = rng.choice(codes, size=n, p=weights / weights.sum())
    start = pd.Timestamp("2021-01-01")
    tenure_days = rng.gamma(2.0, 1500, size=n_start).astype(int) + 30
    hire = np.concatenate(
        [
            (start - pd.to_timedelta(tenure_days, unit="D")).values,
            (start + pd.to_timedelta(rng.integers(0, 5 * 365, size=n_hires), unit="D")).values,
        ]
    )
    hire = pd.to_datetime(hire).normalize()
    # Separation: ~9% a year, counted from January 2021 for the staff already employed then
    # (counting from their hire date would have most long-tenured staff gone before 2021).
    years_to_leave = rng.exponential(11, size=n)
    anchor = pd.Series(hire).where(pd.Series(hire) > start, start)
    term = anchor + pd.to_timedelta((years_to_leave * 365).astype(int), unit="D")
    # About 4% of the January 2021 staff had left in 2018-2020: still in the exports' 3-year window.
    left_earlier = (np.arange(n) < n_start) & (years_to_leave < 0.45)
    earlier = start - pd.to_timedelta((years_to_leave / 0.45 * 3 * 365).astype(int) + 1, unit="D")
    term = term.where(~left_earlier, earlier.where(earlier > pd.Series(hire), pd.Series(hire)))
    term = term.where(term <= pd.Timestamp("2025-12-31"))
    ttype = pd.Series(rng.choice(allowed("hr_workforce", "termination_type"), size=n, p=[0.6, 0.12, 0.23, 0.05]))
    ttype = ttype.where(term.notna(), "")
    promo_offset = rng.integers(180, 3000, size=n)
    promo = hire + pd.to_timedelta(promo_offset, unit="D")
    promo = pd.Series(promo).where((rng.random(n) < 0.55) & (promo < pd.Timestamp("2025-12-31")))
    birth = hire - pd.to_timedelta(rng.integers(20 * 365, 55 * 365, size=n), unit="D")
    frame = pd.DataFrame(
        {
            "employee_id": [f"E{i:06d}" for i in range(100, 100 + n)],
            "first_name": rng.choice(FIRST_NAMES, size=n),
            "last_name": rng.choice(LAST_NAMES, size=n),
            "birth_date": birth,
            "department_code": dept,
            "department_name": [DEPARTMENTS[c][0] for c in dept],
            "job_class_code": [f"JC{x:04d}" for x in rng.integers(1000, 1400, size=n)],
            "job_title": rng.choice(JOB_TITLES, size=n),
            "eeo4_job_category": rng.choice(
                allowed("hr_workforce", "eeo4_job_category"), size=n, p=[0.06, 0.22, 0.1, 0.25, 0.07, 0.12, 0.1, 0.08]
            ),
            "employment_type": rng.choice(
                allowed("hr_workforce", "employment_type"), size=n, p=[0.85, 0.07, 0.05, 0.03]
            ),
            "hire_date": hire,
            "termination_date": term,
            "termination_type": ttype,
            "last_promotion_date": promo,
            "race_ethnicity": races(rng, n),
            "sex": rng.choice([*allowed("hr_workforce", "sex"), ""], size=n, p=[0.44, 0.52, 0.01, 0.01, 0.02]),
            # Flags as HR writes them: Y/N for one, Yes/No for the other.
            "disability": rng.choice(["N", "Y", DECLINED, ""], size=n, p=[0.82, 0.06, 0.05, 0.07]),
            "veteran": rng.choice(["No", "Yes", DECLINED, ""], size=n, p=[0.8, 0.12, 0.03, 0.05]),
        }
    )
    frame["fte"] = np.where(frame["employment_type"] == "Full-Time", "1.0", rng.choice(["0.5", "0.75", "0.6"], size=n))
    _plant_promotions_and_self_identification(frame, np.random.default_rng([rng.bit_generator.seed_seq.entropy, 12]))
    # Nobody ever exported who left before the 3-year window of the first export.
    return frame[frame["termination_date"].isna() | (frame["termination_date"] >= pd.Timestamp("2018-03-31"))]
