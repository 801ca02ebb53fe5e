"""The fixture of tests/marts/test_workforce.py: two HR exports and one training roster, written by hand.

Exports A (hr_workforce_2024-12-31.csv) and B (hr_workforce_2025-06-30.csv, the newest); the
training roster training_roster_2025-06-30.csv. The figures they give are worked out in the test's
docstring. Below them, the statistics the test computes on its own (textbook formulas, not the pipeline's).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from statistics import NormalDist

A, B = "2024-12-31", "2025-06-30"
HIRED = "2015-03-01"  # everyone not said otherwise: employed throughout both years
HR_HEADER = (
    "employee_id,department_code,eeo4_job_category,employment_type,fte,hire_date,termination_date,"
    "termination_type,last_promotion_date,race_ethnicity,sex"
)
PRO, ADM = "Professionals", "Administrative Support"
WHITE, BLACK, ASIAN, HISP = "White", "Black or African American", "Asian", "Hispanic or Latino"
F, M = "Female", "Male"
DECLINED = "Declined to State"


def person(race: str, sex: str, category: str = PRO, **dates: str) -> dict[str, str]:
    """One employee's newest record; dates: hire, term, term_type, promoted (blank = none)."""
    return {"race": race, "sex": sex, "category": category, "hire": dates.get("hire", HIRED),
            "term": dates.get("term", ""), "term_type": dates.get("term_type", ""),
            "promoted": dates.get("promoted", "")}  # fmt: skip


# The newest record of every employee (export B's row, or export A's for W10, who left B).
EMPLOYEES: dict[str, dict[str, str]] = {
    "W01": person(WHITE, F, promoted="2025-03-01"),  # promoted twice: 2024-06-01 only in export A
    "W02": person(WHITE, F, promoted="2024-09-15"),
    "W03": person(WHITE, F, promoted="2025-05-20"),
    "W04": person(WHITE, F, promoted="2025-02-01"),
    "W05": person(WHITE, F, ADM, promoted="2025-06-30"),
    "W06": person(WHITE, F, ADM, promoted="2023-11-30"),  # the FY before: not a promotion in 2024
    "W07": person(WHITE, M, promoted="2024-02-29"),
    "W08": person(WHITE, M, ADM, promoted="2024-12-31"),
    "W09": person(WHITE, M, hire="2025-01-01"),  # hired on FY2025's first day: active on it
    "W10": person(WHITE, M, term="2024-05-31", term_type="Voluntary"),  # only in export A
    "W11": person(WHITE, M, ADM, term="2024-12-31", term_type="Involuntary"),  # last day = FY2024's
    "W12": person(WHITE, DECLINED),
    "W13": person(WHITE, F, promoted="2024-05-05"),
    "W14": person(WHITE, F, promoted="2024-08-08"),
    "W15": person(WHITE, F, promoted="2025-01-01"),
    "W16": person(WHITE, M),
    "W17": person(WHITE, M),
    "W18": person(WHITE, M),
    "B01": person(BLACK, F, promoted="2024-03-15"),
    "B02": person(BLACK, F, ADM, promoted="2024-10-01"),
    "B03": person(BLACK, F, ADM, promoted="2025-04-01"),
    "B04": person(BLACK, F, promoted="2025-03-03"),  # Administrative Support in export A
    "B05": person(BLACK, M, term="2025-05-15", term_type="Voluntary"),
    "B06": person(BLACK, M, hire="2025-01-01"),  # like W09: a hire of FY2025 who is on its first day
    "B07": person(BLACK, M, ADM, term="2025-03-31", term_type="Retirement"),
    "B08": person(BLACK, M),  # blank race in export A: self-identified late
    "B09": person(BLACK, F, promoted="2024-11-11"),
    "B10": person(BLACK, M),
    "B11": person(BLACK, F, promoted="2025-06-01"),
    "B12": person(BLACK, M, term="2024-10-31", term_type="Voluntary"),
    "A01": person(ASIAN, F),
    "A02": person(ASIAN, F, promoted="2023-07-01"),
    "A03": person(ASIAN, F, ADM),
    "A04": person(ASIAN, M, hire="2024-02-01"),
    "A05": person(ASIAN, M, hire="2024-04-01"),  # Administrative Support in export A
    "A06": person(ASIAN, M, term="2025-01-01", term_type="Voluntary"),  # left on FY2025's first day
    "H01": person(HISP, F),
    "H02": person(HISP, M),
    "H03": person(HISP, M, term="2023-08-31", term_type="Retirement"),  # before both years: in no figure
    "M01": person("Asian; White", F),
    "N01": person(DECLINED, F),
    "N02": person("", ""),
    "N03": person(DECLINED, DECLINED, ADM),
}
ONLY_IN_A = {"W10"}
ONLY_IN_B = {"W09", "B06"}
# Export A's values where they differ from the newest record
IN_A = {
    "W01": {"promoted": "2024-06-01"},
    "B08": {"race": ""},
    "B04": {"category": ADM},
    "A05": {"category": ADM},
    "B05": {"term": "", "term_type": ""},
    "B07": {"term": "", "term_type": ""},
    "A06": {"term": "", "term_type": ""},
}


def hr_export(as_of: str) -> list[str]:
    lines = [HR_HEADER]
    for emp, newest in EMPLOYEES.items():
        if emp in (ONLY_IN_B if as_of == A else ONLY_IN_A):
            continue
        row = {**newest, **(IN_A.get(emp, {}) if as_of == A else {})}
        if row["promoted"] > as_of:  # a 2025 promotion is not in the 2024 export yet
            row["promoted"] = IN_A.get(emp, {}).get("promoted", "")
        race = f'"{row["race"]}"' if ";" in row["race"] else row["race"]
        lines.append(
            f"{emp},D1,{row['category']},Full-Time,1,{row['hire']},{row['term']},{row['term_type']},"
            f"{row['promoted']},{race},{row['sex']}"
        )
    return lines


TRAINING_HEADER = (
    "session_id,program,session_date,host_department_code,attendee_type,attendee_id,contractor_company,"
    "attendance_status"
)
# session -> program, date, [(attendee, status)]; every attendee an Employee unless named C...
SESSIONS = {
    "S1": ("DEI Training", "2025-02-10", [("W01", "Attended"), ("W02", "Completed"), ("B01", "Attended"),
                                          ("W03", "No-Show"), ("C01", "Attended"), ("W06", "Attended"),
                                          ("W07", "Attended"), ("W08", "Attended"), ("W13", "Attended")]),
    "S2": ("EEO Training", "2025-04-15", [("W02", "Attended"), ("B06", "Completed"), ("A06", "Attended"),
                                          ("A01", "Cancelled"), ("W09", "Attended"), ("W14", "Completed"),
                                          ("W15", "Attended"), ("W16", "Attended"), ("B09", "Attended"),
                                          ("M01", "Attended")]),
    "S3": ("Contractor Compliance Training", "2025-03-01", [("W04", "Attended"), ("B02", "Attended")]),
    "S4": ("DEI Training", "2024-11-05", [("W05", "Attended"), ("B03", "Attended")]),
    # FY2024 sessions of the other programs, so that every PVR series covers the same quarters
    "S5": ("EEO Training", "2024-11-06", [("B03", "Attended")]),
    "S6": ("Contractor Compliance Training", "2024-11-07", [("C01", "Attended")]),
    "S7": ("Community Engagement", "2024-11-08", [("", "Attended")]),
}  # fmt: skip


def training_export() -> list[str]:
    lines = [TRAINING_HEADER]
    for session, (program, day, attendees) in SESSIONS.items():
        for who, status in attendees:
            kind, company = ("Contractor", "Acme") if who.startswith("C") else ("Employee", "")
            kind = kind if who else "Community"
            lines.append(f"{session},{program},{day},D1,{kind},{who},{company},{status}")
    return lines


EXPORTS = {
    f"hr_workforce_{A}.csv": hr_export(A),
    f"hr_workforce_{B}.csv": hr_export(B),
    f"training_roster_{B}.csv": training_export(),
}


def half_up(x: float | None, places: int) -> float | None:
    """Half away from zero, as published_round (Python's round() is half to even)."""
    return None if x is None else float(Decimal(repr(x)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP))


def z_score(a: int, n1: int, c: int, n2: int) -> float | None:
    """Pooled two-proportion z (any statistics text: (p1 - p2) / sqrt(P(1-P)(1/n1 + 1/n2)))."""
    pooled = (a + c) / (n1 + n2)
    if pooled in (0, 1):
        return None
    return (a / n1 - c / n2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))


def two_sided_normal_p(z: float | None) -> float | None:
    """2 x the standard normal tail beyond |z| = erfc(|z| / sqrt 2)."""
    return None if z is None else math.erfc(abs(z) / math.sqrt(2))


def fisher_p(a: int, n1: int, c: int, n2: int) -> float:
    """Fisher's exact test, two-sided: the hypergeometric probabilities (margins fixed) of every table
    no likelier than the observed one, summed (with scipy's relative tolerance 1e-7 for ties)."""
    selected, total = a + c, n1 + n2

    def prob(x: int) -> float:
        return math.comb(n1, x) * math.comb(n2, selected - x) / math.comb(total, selected)

    observed = prob(a)
    tables = range(max(0, selected - n2), min(n1, selected) + 1)
    return min(1.0, sum(prob(x) for x in tables if prob(x) <= observed * (1 + 1e-7)))


def katz_ci(a: int, n1: int, c: int, n2: int) -> tuple[float | None, float | None]:
    """Katz et al. (1978) log interval of a ratio of two proportions, 95%."""
    if a == 0 or c == 0:
        return None, None
    ratio, z975 = (a / n1) / (c / n2), NormalDist().inv_cdf(0.975)
    half = z975 * math.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2)
    return math.exp(math.log(ratio) - half), math.exp(math.log(ratio) + half)


def flag(a: int, n1: int, c: int, n2: int) -> str:
    """The brief's decision: Fisher's p when an expected cell is < 5, else the z-test's; ratio < 0.8 exactly."""
    total, selected = n1 + n2, a + c
    expected = [n * s / total for n in (n1, n2) for s in (selected, total - selected)]
    p = fisher_p(a, n1, c, n2) if min(expected) < 5 else two_sided_normal_p(z_score(a, n1, c, n2))
    low = 5 * a * n2 < 4 * c * n1
    if low:
        return "adverse impact" if p < 0.05 else "four-fifths only"
    return "significant only" if p is not None and p < 0.05 else "no impact"
