"""Workers' compensation rates in a year no employee record covers: published empty, never 0, never a stop.

A loss run lists every claim ever opened; the HR snapshot only the employees active or separated
in the last three years. Here the one employee was hired 2024-01-01 and the loss run also lists a
claim injured in June 2023, so FY2023 has cases but no estimated hours at all.

  HR as of 2024-03-31: E1 D1 fte 1.0, hired 2024-01-01
  Loss run as of 2024-03-31:
    N1 D1 injured 2023-06-10 reported 2023-06-12  Lost Time, Days Away (recordable, DART)
    N2 D1 injured 2024-02-05 reported 2024-02-05  Medical Only, Other Recordable

FY2024 Q1 hours: 1.0 x 2,080 x 91 days / 366 = 517.1585...; TRIR = 1 x 200,000 / 517.1585 = 386.7287...
(DART 0: N2 is not a DART case). FY2023: 1 recordable case, 0 hours: the rate cannot be computed.
"""

import pytest

from tests.conftest import published, refresh_on_exports
from tests.e2e.declared_checks import failed_checks

HR = "employee_id,department_code,eeo4_job_category,employment_type,fte,hire_date,termination_date,termination_type"
CLAIMS = (
    "claim_number,employee_id,department_code,injury_date,reported_date,claim_type,osha_recordable,osha_outcome,"
    "days_away,days_restricted,status,closed_date,paid_medical,paid_indemnity,paid_expense,reserve_medical,"
    "reserve_indemnity,reserve_expense"
)


@pytest.fixture(scope="module")
def no_hours_run(tmp_path_factory):
    exports = {
        "hr_workforce_2024-03-31.csv": [HR, "E1,D1,Professionals,Full-Time,1,2024-01-01,,"],
        "wc_claims_2024-03-31.csv": [
            CLAIMS,
            "N1,E0,D1,2023-06-10,2023-06-12,Lost Time,Y,Days Away,10,0,Closed,2023-09-01,900,100,0,0,0,0",
            "N2,E1,D1,2024-02-05,2024-02-05,Medical Only,Y,Other Recordable,0,0,Open,,50,0,0,100,0,0",
        ],
    }
    with refresh_on_exports(tmp_path_factory.mktemp("wc_no_hours"), exports, "wc-no-hours-key") as run:
        yield run


def test_a_year_without_hours_does_not_stop_publication(no_hours_run):
    failures = [e.asset_check_key.to_user_string() for e in failed_checks(no_hours_run["result"])]
    assert failures == []
    assert no_hours_run["result"].success


def test_quarterly_rates_without_hours_are_empty_not_zero(no_hours_run):
    rows = published(
        no_hours_run,
        "select series_id, fiscal_year, fiscal_quarter, value from pvr_quarterly "
        "where series_id in ('wc_trir', 'wc_dart_rate', 'wc_recordable_cases') order by 1, 2, 3",
    )
    trir_2024_q1 = round(200_000 / (2080 * 91 / 366), 4)
    assert trir_2024_q1 == 386.7287
    assert rows == [
        # DART: N1 (FY2023 Q2) is a DART case but FY2023 has no hours; FY2024 Q1 has hours and no DART case
        ("wc_dart_rate", 2023, 1, None),
        ("wc_dart_rate", 2023, 2, None),
        ("wc_dart_rate", 2023, 3, None),
        ("wc_dart_rate", 2023, 4, None),
        ("wc_dart_rate", 2024, 1, 0.0),
        # the counts are events, known whatever the hours
        ("wc_recordable_cases", 2023, 1, 0.0),
        ("wc_recordable_cases", 2023, 2, 1.0),
        ("wc_recordable_cases", 2023, 3, 0.0),
        ("wc_recordable_cases", 2023, 4, 0.0),
        ("wc_recordable_cases", 2024, 1, 1.0),
        ("wc_trir", 2023, 1, None),
        ("wc_trir", 2023, 2, None),
        ("wc_trir", 2023, 3, None),
        ("wc_trir", 2023, 4, None),
        ("wc_trir", 2024, 1, trir_2024_q1),
    ]


def test_annual_rate_without_hours_is_empty_with_status_no_data(no_hours_run):
    rows = published(
        no_hours_run,
        "select series_id, fiscal_year, actual, prior_year_actual, target, status, ytd_actual, ytd_target "
        "from pvr_annual where series_id in ('wc_trir', 'wc_recordable_cases') order by 1, 2",
    )
    assert rows == [
        ("wc_recordable_cases", 2023, 1.0, None, None, "no baseline", 1.0, None),
        # FY2024 is current: Q1 complete, 1 case against FY2023 Q1's 0 x 0.95 = 0 -> behind
        ("wc_recordable_cases", 2024, 1.0, 1.0, 0.95, "behind", 1.0, 0.0),
        # FY2023 has cases but no estimated hours: no rate, said so
        ("wc_trir", 2023, None, None, None, "no data", None, None),
        # FY2024: the prior year has no rate, so there is nothing to set a target from
        ("wc_trir", 2024, 386.7287, None, None, "no baseline", 386.7287, None),
    ]


def test_monthly_rates_without_hours_are_empty(no_hours_run):
    rows = published(
        no_hours_run,
        "select strftime(month, '%Y-%m'), hours_worked, recordable_cases, trir from wc_claims_monthly "
        "where department_code = 'ALL' and month in ('2023-06-01', '2024-02-01') order by 1",
    )
    # February 2024: 2,080 x 29 / 366 = 164.8 hours; 1 x 200,000 / 164.8087 = 1,213.5279
    assert rows == [("2023-06", 0.0, 1, None), ("2024-02", 164.8, 1, round(200_000 / (2080 * 29 / 366), 4))]
