"""PVR Measure WC on a small fixture whose every published figure is computed by hand.

Employees (hr_workforce as of 2024-03-31; 2024 has 366 days; hours = fte x 2,080 x days / 366):
  E1 D1 fte 1.0, employed throughout        E2 D1 fte 0.5, employed throughout
  E3 D2 fte 1.0, hired 2024-02-15           E4 D2 fte 1.0, terminated 2024-01-10
Claims over three loss runs (Jan, Feb, Mar 2024):
  C1 D1 E1 injured 01-03 reported 01-03 (lag 0)  Lost Time, Days Away, 200 days (capped at 180);
     incurred 6,000 (Jan) -> 7,000 (Feb) -> 6,500 closed 03-10, reserve dropped to 0 (Mar)
  C2 D1 E2 injured 01-10 reported 01-15 (lag 5)  Medical Only, Other Recordable; closed 02-20 with
     reserve 0, reopened in March (reserve 250): open again at the end of March
  C3 D2 E4 injured 01-05 reported 01-25 (lag 20) Report Only; closed 02-01
  C4 D2 E3 injured 02-16 reported 02-26 (lag 10) Lost Time, Job Transfer or Restriction (a DART case)
  C5 D1 E1 injured 03-05 reported 03-06 (lag 1)  Medical Only, not recordable
  C6 D1 E2 injured 03-20 reported 03-20 (lag 0)  Report Only
"""

import shutil

import pytest

from equity_pipeline.dbt_runtime import run_dbt
from tests.conftest import published, query, refresh_on_exports

HR = "employee_id,department_code,eeo4_job_category,employment_type,fte,hire_date,termination_date,termination_type"
CLAIMS = (
    "claim_number,employee_id,department_code,injury_date,reported_date,claim_type,osha_recordable,osha_outcome,"
    "days_away,days_restricted,status,closed_date,paid_medical,paid_indemnity,paid_expense,reserve_medical,"
    "reserve_indemnity,reserve_expense"
)
C1 = "C1,E1,D1,2024-01-03,2024-01-03,Lost Time,Y,Days Away,200,0"
C2 = "C2,E2,D1,2024-01-10,2024-01-15,Medical Only,Y,Other Recordable,0,0"
C3 = "C3,E4,D2,2024-01-05,2024-01-25,Report Only,N,,,"
C4 = "C4,E3,D2,2024-02-16,2024-02-26,Lost Time,Y,Job Transfer or Restriction,0,30"
C5 = "C5,E1,D1,2024-03-05,2024-03-06,Medical Only,N,,,"
C6 = "C6,E2,D1,2024-03-20,2024-03-20,Report Only,N,,,"
LOSS_RUNS = {
    "2024-01-31": [
        f"{C1},Open,,1000,0,0,5000,0,0",
        f"{C2},Open,,200,0,0,300,0,0",
        f"{C3},Open,,0,0,0,0,0,0",
    ],
    "2024-02-29": [
        f"{C1},Open,,3000,0,0,4000,0,0",
        f"{C2},Closed,2024-02-20,450,0,0,0,0,0",
        f"{C3},Closed,2024-02-01,0,0,0,0,0,0",
        f"{C4},Open,,100,0,0,900,0,0",
    ],
    "2024-03-31": [
        f"{C1},Closed,2024-03-10,5000,1000,500,0,0,0",
        f"{C2},Reopened,2024-02-20,450,0,0,250,0,0",
        f"{C3},Closed,2024-02-01,0,0,0,0,0,0",
        f"{C4},Open,,400,200,0,600,0,0",
        f"{C5},Open,,50,0,0,50,0,0",
        f"{C6},Open,,0,0,0,0,0,0",
    ],
}


def hours(fte_days: float) -> float:
    """fte x 2,080 x days employed / 366 (2024 is a leap year)."""
    return 2080 * fte_days / 366


@pytest.fixture(scope="module")
def wc_run(tmp_path_factory):
    exports = {
        "hr_workforce_2024-03-31.csv": [
            HR,
            "E1,D1,Professionals,Full-Time,1,2020-01-01,,",
            "E2,D1,Technicians,Part-Time,0.5,2020-01-01,,",
            "E3,D2,Technicians,Full-Time,1,2024-02-15,,",
            "E4,D2,Technicians,Full-Time,1,2019-01-01,2024-01-10,Voluntary",
        ],
        **{f"wc_claims_{as_of}.csv": [CLAIMS, *rows] for as_of, rows in LOSS_RUNS.items()},
    }  # fmt: skip
    with refresh_on_exports(tmp_path_factory.mktemp("wc"), exports, "wc-key") as run:
        yield run


def test_run_publishes(wc_run):
    assert wc_run["result"].success


def test_monthly_counts_by_department(wc_run):
    rows = published(
        wc_run,
        "select strftime(month, '%m'), department_code, new_claims, incident_reports, lost_time_claims, "
        "recordable_cases, dart_cases, days_away, open_claims_eom, median_report_lag_days, suppressed "
        "from wc_claims_monthly order by department_code, month",
    )
    assert rows == [
        # month, dept, new, incident, lost time, recordable, DART, days away, open at month end, median lag
        ("01", "ALL", 2, 1, 1, 2, 1, 180, 3, 5.0, False),  # lags 0, 5, 20
        ("02", "ALL", 1, 0, 1, 1, 1, 0, 2, 10.0, False),  # open: C1, C4 (C2 and C3 closed)
        ("03", "ALL", 1, 1, 0, 0, 0, 0, 4, 0.5, False),  # open: C2 reopened, C4, C5, C6; lags 1, 0
        ("01", "D1", 2, 0, 1, 2, 1, 180, 2, 2.5, False),
        ("02", "D1", 0, 0, 0, 0, 0, 0, 1, None, False),
        ("03", "D1", 1, 1, 0, 0, 0, 0, 3, 0.5, False),
        ("01", "D2", 0, 1, 0, 0, 0, 0, 1, 20.0, False),
        ("02", "D2", 1, 0, 1, 1, 1, 0, 1, 10.0, False),
        ("03", "D2", 0, 0, 0, 0, 0, 0, 1, None, False),
    ]


def test_estimated_hours_and_osha_rates(wc_run):
    rows = {
        (m, d): (h, trir, dart)
        for m, d, h, trir, dart in published(
            wc_run,
            "select strftime(month, '%m'), department_code, hours_worked, trir, dart_rate from wc_claims_monthly",
        )
    }
    expected_hours = {
        ("01", "D1"): hours(31 + 0.5 * 31), ("02", "D1"): hours(29 + 0.5 * 29), ("03", "D1"): hours(31 + 0.5 * 31),
        ("01", "D2"): hours(10), ("02", "D2"): hours(15), ("03", "D2"): hours(31),
    }  # fmt: skip
    for key, h in expected_hours.items():
        assert rows[key][0] == pytest.approx(h, abs=0.05), key
    jan_all = expected_hours[("01", "D1")] + expected_hours[("01", "D2")]
    assert rows[("01", "ALL")][0] == pytest.approx(jan_all, abs=0.1)
    # January: 2 recordable cases and 1 DART case over 56.5 fte-days of hours
    assert rows[("01", "ALL")][1] == pytest.approx(2 * 200_000 / hours(56.5), rel=1e-3)
    assert rows[("01", "ALL")][2] == pytest.approx(1 * 200_000 / hours(56.5), rel=1e-3)
    assert rows[("02", "D2")][1] == pytest.approx(200_000 / hours(15), rel=1e-3)


def test_incurred_and_paid_at_the_latest_valuation_by_injury_month(wc_run):
    rows = published(
        wc_run,
        "select strftime(month, '%m'), department_code, incurred::varchar, paid::varchar from wc_claims_monthly "
        "where department_code in ('D1', 'D2') order by 2, 1",
    )
    assert rows == [
        ("01", "D1", "7200.00", "6950.00"),  # C1 6,500 paid + 0 reserve; C2 450 paid + 250 reserve
        ("02", "D1", "0.00", "0.00"),
        ("03", "D1", "100.00", "50.00"),  # C5 50 + 50; C6 nothing
        ("01", "D2", "0.00", "0.00"),  # C3, a Report Only incident
        ("02", "D2", "1200.00", "600.00"),  # C4 400 + 200 paid, 600 reserve
        ("03", "D2", "0.00", "0.00"),
    ]


def test_claim_development_across_loss_runs(wc_run):
    rows = query(
        wc_run["settings"],
        "select strftime(valuation_date, '%m'), claim_status, incurred_total::varchar "
        "from intermediate.int_claims__valuations where claim_number = 'C1' order by valuation_date",
    )
    assert rows == [("01", "Open", "6000.00"), ("02", "Open", "7000.00"), ("03", "Closed", "6500.00")]


def test_report_lag_buckets(wc_run):
    assert published(
        wc_run, "select fiscal_year, lag_bucket, claims, round(share, 4) from wc_report_lag order by bucket_order"
    ) == [(2024, "0", 2, 0.3333), (2024, "1-7", 2, 0.3333), (2024, "8-14", 1, 0.1667), (2024, ">14", 1, 0.1667)]


def test_wc_series_in_pvr_with_decrease_targets(wc_run):
    q1 = dict(
        published(
            wc_run,
            "select series_id, value from pvr_quarterly where fiscal_year = 2024 and fiscal_quarter = 1 "
            "and series_id like 'wc%'",
        )
    )
    q1_hours = hours((31 + 29 + 31) * 1.5 + 10 + 15 + 31)  # D1: 91 days x 1.5 fte; D2: E4 10 + E3 46
    assert q1["wc_new_claims"] == 4 and q1["wc_incident_reports"] == 2 and q1["wc_lost_time_claims"] == 2
    assert q1["wc_recordable_cases"] == 3
    assert q1["wc_trir"] == pytest.approx(3 * 200_000 / q1_hours, rel=1e-3)
    assert q1["wc_dart_rate"] == pytest.approx(2 * 200_000 / q1_hours, rel=1e-3)
    assert q1["wc_incurred"] == pytest.approx(7200 + 100 + 1200)
    statuses = published(wc_run, "select distinct direction, status from pvr_annual where series_id like 'wc%'")
    assert statuses == [("decrease", "no baseline")]  # FY2024 is the first year: nothing to compare with


@pytest.fixture
def default_rule_warehouse(wc_run, tmp_path, monkeypatch):
    """A copy of wc_run's warehouse, under the default suppression rule, for a test to rebuild a mart in:
    the module's other tests keep reading the warehouse and the environment wc_run made, whatever the order."""
    from equity_pipeline.config import get_settings

    source = wc_run["settings"].warehouse_path
    copy = tmp_path / "warehouse"
    copy.mkdir()
    # No connection is open (the refresh and every query closed theirs); a WAL not yet checkpointed goes too.
    for path in (source, source.with_name(f"{source.name}.wal")):
        if path.exists():
            shutil.copy2(path, copy / path.name)
    monkeypatch.setenv("EQUITY_WAREHOUSE_DIR", str(copy))
    monkeypatch.delenv("EQUITY_SMALL_DEPARTMENT_EMPLOYEES", raising=False)
    return get_settings()


def test_small_departments_are_suppressed_with_a_complement(default_rule_warehouse, tmp_path):
    """With the default rule (departments under 50 employees, 1-10 claimants), every department-month that
    involves claimants is hidden. Where only one would be, the next smallest department with claimants is
    hidden with it; a department without claimants hides nothing (ALL minus the published cells would still
    give the hidden one away), so when there is no other, the ALL row's claim figures are hidden instead."""
    s = default_rule_warehouse  # the module's data, with the default suppression rule
    assert s.small_department_employees == 50 and s.small_cell_threshold == 10
    result = run_dbt(["build", "--select", "wc_claims_monthly"], s, target_path=tmp_path / "dbt_target")
    assert result.returncode == 0, result.stdout[-3000:]
    rows = query(
        s,
        "select strftime(month, '%m'), department_code, suppressed, new_claims, hours_worked > 0 "
        "from marts.wc_claims_monthly order by department_code, month",
    )
    assert rows == [
        ("01", "ALL", False, 2, True),  # two departments hidden: neither can be told from ALL
        ("02", "ALL", True, None, True),  # only D2 hidden and D1 has no claimant: ALL hides its claim figures
        ("03", "ALL", True, None, True),  # only D1 hidden, D2 has no claimant: the same; hours stay
        ("01", "D1", True, None, True),  # E1, E2: 2 claimants
        ("02", "D1", False, 0, True),  # no claimant: published, it gives nothing away
        ("03", "D1", True, None, True),  # E1, E2 again
        ("01", "D2", True, None, True),  # E4
        ("02", "D2", True, None, True),  # E3
        ("03", "D2", False, 0, True),  # no claimant
    ]  # fmt: skip
