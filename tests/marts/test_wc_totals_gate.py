"""The blocking gate on wc_claims_monthly's totals, on hand-made months.

Each month: the ALL row beside the sum of its departments. A suppressed ALL row (its one
suppressed department has no complement) is allowed, with every claim count empty; nothing
else loosens.
"""

import datetime as dt

import duckdb
import pytest

from equity_pipeline.dbt_runtime import run_dbt
from equity_pipeline.quality.gate import wc_department_totals, wc_totals_gate
from tests.conftest import settings_under

WC_COUNT_COLUMNS = wc_department_totals()
COUNTS = len(WC_COUNT_COLUMNS)


def row(month: int, department: str, count: int | None, suppressed: bool) -> tuple:
    """A department-month whose every count is `count` (None: suppressed figures)."""
    return (dt.date(2024, month, 1), department, *([count] * COUNTS), suppressed)


VALID = [
    # January: nothing suppressed, ALL = 5 + 3
    row(1, "D1", 5, False), row(1, "D2", 3, False), row(1, "ALL", 8, False),
    # February: D1 suppressed, D2 has no claimant to hide with it: ALL's counts are hidden
    row(2, "D1", None, True), row(2, "D2", 0, False), row(2, "ALL", None, True),
    # March: D1 and D2 suppressed together: ALL published, at least the published sum (0)
    row(3, "D1", None, True), row(3, "D2", None, True), row(3, "D3", 0, False), row(3, "ALL", 4, False),
]  # fmt: skip


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    """A warehouse whose marts.wc_claims_monthly is hand-made, with dbt's gate_wc_totals view built on it."""
    tmp = tmp_path_factory.mktemp("wc_totals")
    settings = settings_under(tmp)
    settings.warehouse_dir.mkdir(parents=True)
    with duckdb.connect(str(settings.warehouse_path)) as con:
        con.execute("create schema marts")
        columns = ", ".join(f"{c} bigint" for c in WC_COUNT_COLUMNS)
        con.execute(f"create table marts.wc_claims_monthly (month date, department_code varchar, {columns}, "
                    "suppressed boolean)")  # fmt: skip
    built = run_dbt(["run", "--select", "gate_wc_totals"], settings, target_path=tmp / "target")
    assert built.returncode == 0, built.stdout + built.stderr
    return settings.warehouse_path


@pytest.fixture
def gate(warehouse):
    def _gate(rows: list[tuple]) -> list[str]:
        """The failed expectations of the totals gate on these rows: type, and column where it has one."""
        with duckdb.connect(str(warehouse)) as con:
            con.execute("delete from marts.wc_claims_monthly")
            con.executemany(f"insert into marts.wc_claims_monthly values ({', '.join(['?'] * (COUNTS + 3))})", rows)
            result = wc_totals_gate(con)
        return sorted({f"{f.expectation} {f.column or ''}".strip() for f in result.failures})

    return _gate


def test_a_suppressed_all_row_passes(gate):
    assert gate(VALID) == []


def replace(rows: list[tuple], month: int, department: str, new: tuple) -> list[tuple]:
    return [new if (r[0].month, r[1]) == (month, department) else r for r in rows]


@pytest.mark.parametrize(
    ("case", "rows", "failed"),
    [
        (
            "ALL suppressed although no department is",
            replace(VALID, 1, "ALL", row(1, "ALL", None, True)),
            "expect_column_values_to_be_between suppressed_departments",
        ),
        (
            "ALL suppressed beside two suppressed departments (they hide each other)",
            replace(VALID, 3, "ALL", row(3, "ALL", None, True)),
            "expect_column_values_to_be_between suppressed_departments",
        ),
        (
            "ALL marked suppressed but showing its counts",
            replace(VALID, 2, "ALL", row(2, "ALL", 7, True)),
            "expect_column_values_to_be_null all_new_claims",
        ),
        (
            "ALL not suppressed with an empty count",
            replace(VALID, 3, "ALL", row(3, "ALL", None, False)),
            "expect_column_values_to_not_be_null all_new_claims",
        ),
        (
            "ALL below the published departments",
            replace(VALID, 3, "D3", row(3, "D3", 9, False)),
            "expect_column_pair_values_a_to_be_greater_than_b",
        ),
        (
            "ALL different from the sum where nothing is suppressed",
            replace(VALID, 1, "ALL", row(1, "ALL", 9, False)),
            "expect_column_pair_values_to_be_equal",
        ),
    ],
)
def test_nothing_else_loosens(gate, case, rows, failed):
    assert failed in gate(rows), case
