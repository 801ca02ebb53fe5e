"""The blocking gates on the language-access marts, on hand-made marts: the valid rows pass, and each
rule fails the one figure that breaks it.

Valid rows: January 2024, Spanish: APD 3 requests (2 fulfilled, 30 minutes, $40.50) and PW 1 (1, 10,
$9.50); ALL 4 (3, 40, $50.00); ASL (a sign language, no LEP row) 1 at APD. FY2024 of the safe-harbor
table: Spanish 4 requests, Korean 0 = the 4 monthly requests in LEP languages. FY2024 of the annual table:
Spanish 4 requests, 3 fulfilled and ASL 1, 1: the sums of their months' ALL rows.
"""

import datetime as dt
from decimal import Decimal

import duckdb
import pytest

from tests.marts.gate_helpers import build_gate_warehouse, failed_expectations, fill

JAN = dt.date(2024, 1, 1)
TABLES = ("language_access_monthly", "language_access_safe_harbor", "language_access_annual")


def month_row(department: str, requests: int, fulfilled: int, minutes: int, cost: str, rate: float) -> tuple:
    return (JAN, department, "spa", "Spanish", requests, fulfilled, rate, None, 2.5, minutes, 0, Decimal(cost), 0, 0)


ASL = [(JAN, dept, "ase", "American Sign Language", 1, 1, 1.0, None, 1.0, 60, 0, Decimal("80.00"), 0, 0)
       for dept in ("APD", "ALL")]  # fmt: skip
MONTHLY = [
    month_row("APD", 3, 2, 30, "40.50", 0.6667),
    month_row("PW", 1, 1, 10, "9.50", 1.0),
    month_row("ALL", 4, 3, 40, "50.00", 0.75),
    *ASL,
]
ANNUAL = [
    (2024, "spa", "Spanish", 4, 3, 0.75, None, 2.5, 0, 0),
    (2024, "ase", "American Sign Language", 1, 1, 1.0, None, 1.0, 0, 0),
]
SAFE_HARBOR = [
    (2024, "spa", "Spanish", 3100, True, 1, "met", 4, 1.2903),
    (2024, "kor", "Korean", 1400, True, 0, "gap", 0, 0.0),
]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    """Hand-made language marts, requests and language reference, with dbt's gate view built on them."""

    def languages(con: duckdb.DuckDBPyConnection) -> None:
        con.execute("create schema reference")
        con.execute(
            "create table reference.languages as select * from (values ('spa', 'Spanish', null), "
            "('kor', 'Korean', null), ('ase', 'American Sign Language', null)) as v(code, name, inverted_name)"
        )

    return build_gate_warehouse(
        tmp_path_factory.mktemp("language_gates"), TABLES, languages, [["run", "--select", "gate_language_access"]]
    )


@pytest.fixture
def gate(warehouse):
    def _gate(monthly=MONTHLY, safe_harbor=SAFE_HARBOR, annual=ANNUAL) -> dict:
        """Each mart's failed expectations on these rows: (expectation, column, detail)."""
        with duckdb.connect(str(warehouse)) as con:
            fill(con, "marts.language_access_monthly", monthly)
            fill(con, "marts.language_access_safe_harbor", safe_harbor)
            fill(con, "marts.language_access_annual", annual)
            return failed_expectations(con, TABLES)

    return _gate


PAIR = ("expect_column_pair_values_to_be_equal", None, "in gate_language_access")


def test_the_valid_rows_pass_every_gate(gate):
    assert gate() == {}


def test_an_all_row_that_is_not_the_sum_of_departments_fails(gate):
    # ALL says $51.00; the departments spent 40.50 + 9.50 = 50.00
    monthly = [*MONTHLY[:2], (*MONTHLY[2][:11], Decimal("51.00"), 0, 0), *ASL]
    assert gate(monthly=monthly) == {"language_access_monthly": [PAIR]}


def test_more_fulfilled_than_requests_fails(gate):
    # PW: 2 fulfilled of 1 request (ALL kept consistent: 4 requests, 4 fulfilled); the rate 2.0 fails too
    monthly = [MONTHLY[0], month_row("PW", 1, 2, 10, "9.50", 2.0), month_row("ALL", 4, 4, 40, "50.00", 1.0), *ASL]
    failed = gate(monthly=monthly)["language_access_monthly"]
    assert PAIR in failed and ("expect_column_values_to_be_between", "fulfillment_rate", "") in failed


def test_a_language_outside_the_reference_fails(gate):
    monthly = [(*row[:2], "xxx", *row[3:]) for row in MONTHLY]
    assert ("expect_column_values_to_be_in_set", "language_code", "") in gate(monthly=monthly)[
        "language_access_monthly"
    ]


def test_safe_harbor_requests_not_matching_the_requests_fail(gate):
    # 5 Spanish requests published, 4 in the monthly table (ASL's counts toward no row)
    safe_harbor = [(2024, "spa", "Spanish", 3100, True, 1, "met", 5, 1.6129), SAFE_HARBOR[1]]
    assert gate(safe_harbor=safe_harbor) == {"language_access_safe_harbor": [PAIR]}


def test_an_unknown_status_fails(gate):
    safe_harbor = [SAFE_HARBOR[0], (2024, "kor", "Korean", 1400, True, 0, "pending", 0, 0.0)]
    failed = gate(safe_harbor=safe_harbor)
    assert failed == {"language_access_safe_harbor": [("expect_column_values_to_be_in_set", "status", "")]}


def test_a_year_that_is_not_the_sum_of_its_months_fails(gate):
    # the year says 5 Spanish requests; its one month's ALL row has 4
    annual = [(2024, "spa", "Spanish", 5, 3, 0.6, None, 2.5, 0, 0), ANNUAL[1]]
    assert gate(annual=annual) == {"language_access_annual": [PAIR]}
