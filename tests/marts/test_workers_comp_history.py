"""Workers' compensation when claims and employees start well before the oldest export.

A real loss run holds every claim ever opened, so injuries before the first export are the
normal case. Every figure below is computed by hand.

Exports: one HR snapshot as of 2024-03-31 (the oldest HR export) and loss runs as of 2024-01-31
(the oldest) and 2024-03-31. The claims go back to January 2023, so the published months are
January 2023 - March 2024, and every month of 2023 lies before both oldest exports.

Employees (2023 has 365 days; hours = fte x 2,080 x days employed / 365):
  E1 D1 fte 1.0, hired 2020-01-01            E2 D1 fte 0.5, hired 2023-03-16
  E3 D2 fte 1.0, terminated 2023-05-10       E4 D2 fte 1.0, hired 2023-02-01
Claims (status and closed date in the earliest loss run that lists them -> in the newest):
  H1 D1 injured 2023-01-10 reported 01-12  Days Away         Closed 2023-04-20 -> Reopened
  H2 D2 injured 2023-02-20 reported 03-02  Other Recordable  Reopened (closed 2023-06-30) -> Closed 2024-03-15
  H3 D1 injured 2023-05-05 reported 05-05  not recordable    Denied, closed 2023-06-10
  H4 D2 injured 2023-07-03 reported 07-20  Job Transfer or Restriction (DART), Open throughout
  H5 D1 injured 2023-11-15 reported 12-01  not recordable    Denied, no closed date
  H6 D1 injured 2023-09-01 reported 09-05  not recordable    only in the newest run: Closed 2023-10-15
"""

import pytest

from tests.conftest import published, query, refresh_on_exports
from tests.e2e.declared_checks import failed_checks

HR = "employee_id,department_code,eeo4_job_category,employment_type,fte,hire_date,termination_date,termination_type"
CLAIMS = (
    "claim_number,employee_id,department_code,injury_date,reported_date,claim_type,osha_recordable,osha_outcome,"
    "days_away,days_restricted,status,closed_date,paid_medical,paid_indemnity,paid_expense,reserve_medical,"
    "reserve_indemnity,reserve_expense"
)
H1 = "H1,E1,D1,2023-01-10,2023-01-12,Lost Time,Y,Days Away,20,0"
H2 = "H2,E3,D2,2023-02-20,2023-03-02,Medical Only,Y,Other Recordable,0,0"
H3 = "H3,E2,D1,2023-05-05,2023-05-05,Medical Only,N,,,"
H4 = "H4,E4,D2,2023-07-03,2023-07-20,Lost Time,Y,Job Transfer or Restriction,0,30"
H5 = "H5,E1,D1,2023-11-15,2023-12-01,Medical Only,N,,,"
H6 = "H6,E2,D1,2023-09-01,2023-09-05,Medical Only,N,,,"
LOSS_RUNS = {
    "2024-01-31": [
        f"{H1},Closed,2023-04-20,1000,500,0,0,0,0",
        f"{H2},Reopened,2023-06-30,300,0,0,200,0,0",
        f"{H3},Denied,2023-06-10,0,0,0,0,0,0",
        f"{H4},Open,,800,0,0,1200,0,0",
        f"{H5},Denied,,0,0,0,0,0,0",
    ],
    "2024-03-31": [
        f"{H1},Reopened,2023-04-20,1500,500,0,400,0,0",
        f"{H2},Closed,2024-03-15,600,0,0,0,0,0",
        f"{H3},Denied,2023-06-10,0,0,0,0,0,0",
        f"{H4},Open,,1500,300,0,900,0,0",
        f"{H5},Denied,,0,0,0,0,0,0",
        f"{H6},Closed,2023-10-15,100,0,0,0,0,0",
    ],
}

# fte-days employed per department and month (the hand computation behind every hour figure)
FTE_DAYS = {
    # Jan 2023: E1 31 | E3 31
    "2023-01": (31, 31),
    # Feb: E1 28 | E3 28 + E4 28
    "2023-02": (28, 56),
    # Mar: E1 31 + E2 0.5 x 16 (16th-31st) | E3 31 + E4 31
    "2023-03": (39, 62),
    # Apr: E1 30 + E2 0.5 x 30 | E3 30 + E4 30
    "2023-04": (45, 60),
    # May: E1 31 + E2 0.5 x 31 | E3 10 (1st-10th) + E4 31
    "2023-05": (46.5, 41),
    "2023-06": (45, 30),
    "2023-07": (46.5, 31),
    "2023-08": (46.5, 31),
    "2023-09": (45, 30),
    "2023-10": (46.5, 31),
    "2023-11": (45, 30),
    "2023-12": (46.5, 31),
    # 2024 (366 days): E1 + E2 1.5 fte | E4
    "2024-01": (46.5, 31),
    "2024-02": (43.5, 29),
    "2024-03": (46.5, 31),
}


def hours(fte_days: float, year_days: int = 365) -> float:
    return 2080 * fte_days / year_days


@pytest.fixture(scope="module")
def history_run(tmp_path_factory):
    exports = {
        "hr_workforce_2024-03-31.csv": [
            HR,
            "E1,D1,Professionals,Full-Time,1,2020-01-01,,",
            "E2,D1,Technicians,Part-Time,0.5,2023-03-16,,",
            "E3,D2,Technicians,Full-Time,1,2019-06-01,2023-05-10,Voluntary",
            "E4,D2,Technicians,Full-Time,1,2023-02-01,,",
        ],
        **{f"wc_claims_{as_of}.csv": [CLAIMS, *rows] for as_of, rows in LOSS_RUNS.items()},
    }  # fmt: skip
    with refresh_on_exports(tmp_path_factory.mktemp("wc_history"), exports, "wc-history-key") as run:
        yield run


def test_run_publishes(history_run):
    # Before the fix, FY2023 had no hours at all: its annual TRIR was NULL and broke pvr_annual's contract.
    failures = [e.asset_check_key.to_user_string() for e in failed_checks(history_run["result"])]
    assert failures == []
    assert history_run["result"].success


def test_hours_and_claims_share_one_month_grid_from_the_earliest_injury(history_run):
    assert query(
        history_run["settings"],
        "select min(month)::varchar, max(month)::varchar, count(*) from intermediate.int_wc__months",
    ) == [("2023-01-01", "2024-03-01", 15)]
    rows = published(
        history_run,
        "select strftime(month, '%Y-%m'), count(*) from wc_claims_monthly group by 1 order by 1",
    )
    assert rows == [(month, 3) for month in FTE_DAYS]  # D1, D2 and ALL in every month


def test_hours_before_the_oldest_export_come_from_hire_and_termination_dates(history_run):
    rows = {
        (m, d): h
        for m, d, h in published(
            history_run, "select strftime(month, '%Y-%m'), department_code, hours_worked from wc_claims_monthly"
        )
    }
    for month, (d1, d2) in FTE_DAYS.items():
        year_days = 366 if month.startswith("2024") else 365
        # published to 1 decimal
        assert rows[(month, "D1")] == round(hours(d1, year_days), 1), month
        assert rows[(month, "D2")] == round(hours(d2, year_days), 1), month
        assert rows[(month, "ALL")] == round(hours(d1 + d2, year_days), 1), month
    assert rows[("2023-01", "D1")] == 176.7  # 2,080 x 31 / 365 = 176.657...


def test_trir_and_dart_before_the_oldest_export(history_run):
    monthly = published(
        history_run,
        "select strftime(month, '%Y-%m'), department_code, recordable_cases, dart_cases, trir, dart_rate "
        "from wc_claims_monthly where recordable_cases > 0 order by 1, 2",
    )
    assert monthly == [
        # H1 in D1, January 2023: 1 x 200,000 / (2,080 x 31 / 365) = 1,132.1340...
        ("2023-01", "ALL", 1, 1, round(200_000 / hours(62), 4), round(200_000 / hours(62), 4)),
        ("2023-01", "D1", 1, 1, 1132.134, 1132.134),
        ("2023-02", "ALL", 1, 0, round(200_000 / hours(84), 4), 0.0),  # H2, Other Recordable
        ("2023-02", "D2", 1, 0, round(200_000 / hours(56), 4), 0.0),
        ("2023-07", "ALL", 1, 1, round(200_000 / hours(77.5), 4), round(200_000 / hours(77.5), 4)),  # H4
        ("2023-07", "D2", 1, 1, round(200_000 / hours(31), 4), round(200_000 / hours(31), 4)),
    ]
    quarterly = dict(
        published(
            history_run,
            "select fiscal_year || ' Q' || fiscal_quarter, value from pvr_quarterly where series_id = 'wc_trir'",
        )
    )
    # Q1 2023: 2 cases over 98 + 149 = 247 fte-days: 400,000 x 365 / (2,080 x 247) = 284.1794...
    assert quarterly["2023 Q1"] == 284.1794
    assert quarterly["2023 Q2"] == 0.0
    # Q3 2023: H4 over 138 + 92 = 230 fte-days: 200,000 x 365 / (2,080 x 230) = 152.5920...
    assert quarterly["2023 Q3"] == 152.592
    annual = published(
        history_run,
        "select series_id, fiscal_year, actual, status from pvr_annual "
        "where series_id in ('wc_trir', 'wc_dart_rate') order by 1, 2",
    )
    # FY2023: D1 365 + 0.5 x 291 = 510.5 and D2 130 + 334 = 464 fte-days, 974.5 in all (5,553.32 hours).
    # DART 2 cases: 400,000 x 365 / (2,080 x 974.5) = 72.02905; TRIR 3 cases: 108.04357 (published to 4 decimals)
    assert annual == [
        ("wc_dart_rate", 2023, 72.029, "no baseline"),
        ("wc_dart_rate", 2024, 0.0, "on track"),
        ("wc_trir", 2023, 108.0436, "no baseline"),
        ("wc_trir", 2024, 0.0, "on track"),
    ]


def test_open_claims_before_the_oldest_loss_run_come_from_the_claims_own_dates(history_run):
    rows = published(
        history_run,
        "select strftime(month, '%Y-%m'), department_code, open_claims_eom from wc_claims_monthly "
        "where department_code = 'ALL' order by 1",
    )
    assert rows == [
        ("2023-01", "ALL", 1),  # H1 (closed 04-20 in the earliest run that lists it, not the newest's Reopened)
        ("2023-02", "ALL", 1),  # H1; H2 is reported only on 03-02
        ("2023-03", "ALL", 2),  # H1, H2
        ("2023-04", "ALL", 1),  # H2 (Reopened counts as open); H1 closed 04-20
        ("2023-05", "ALL", 2),  # H2, H3 (Denied on 06-10: open until then)
        ("2023-06", "ALL", 1),  # H2
        ("2023-07", "ALL", 2),  # H2, H4
        ("2023-08", "ALL", 2),
        ("2023-09", "ALL", 3),  # H2, H4, H6 (listed only by the newest run: closed 10-15)
        ("2023-10", "ALL", 2),
        ("2023-11", "ALL", 2),
        ("2023-12", "ALL", 2),  # H5 is Denied with no closed date: never open
        ("2024-01", "ALL", 2),  # the 2024-01-31 loss run: H2 Reopened, H4 Open
        ("2024-02", "ALL", 2),  # still the 2024-01-31 run
        ("2024-03", "ALL", 2),  # the 2024-03-31 run: H1 Reopened, H4 Open (H2 closed 03-15)
    ]
    by_department = published(
        history_run,
        "select strftime(month, '%Y-%m'), department_code, open_claims_eom from wc_claims_monthly "
        "where month in ('2023-05-01', '2023-09-01', '2024-03-01') and department_code <> 'ALL' order by 1, 2",
    )
    assert by_department == [
        ("2023-05", "D1", 1), ("2023-05", "D2", 1),  # H3 | H2
        ("2023-09", "D1", 1), ("2023-09", "D2", 2),  # H6 | H2, H4
        ("2024-03", "D1", 1), ("2024-03", "D2", 1),  # H1 | H4
    ]  # fmt: skip
