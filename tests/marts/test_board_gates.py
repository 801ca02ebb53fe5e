"""The blocking gates on the boards marts, on hand-made marts: each rule passes the valid rows and
fails the one figure that breaks it.

Valid rows (as of 2025-12-31): board A has 3 seats, one each Filled (its term ends in 15 days),
Holdover and Vacant (for 92 days), and board_recruitment lists those three seats. Race before
suppression: White 12, Asian 3 of 15 members who answered (20 members): Asian is hidden on its own
(1-10) and White, the only other group with members, is hidden with it.
"""

import datetime as dt

import duckdb
import pytest

from equity_pipeline.publish.catalog import Column, PublishedTable
from equity_pipeline.quality.gate import publishable_gate
from tests.marts.gate_helpers import build_gate_warehouse, failed_expectations, fill

DAY = dt.date(2025, 12, 31)
TABLES = ("board_seats", "board_recruitment", "board_representation", "board_representation_history")
SEATS = [(DAY, "A", "Board A", 3, 1, 1, 1, 0.3333, 1, 92)]
RECRUITMENT = [
    (DAY, "A", "Board A", "A-1", "At-Large", "Vacant", None, 92, None),
    (DAY, "A", "Board A", "A-2", "At-Large", "Holdover", dt.date(2025, 10, 1), None, -91),
    (DAY, "A", "Board A", "A-3", "At-Large", "Term ending", dt.date(2026, 1, 15), None, 15),
]
SOURCE = "2020 Census"
REPRESENTATION = [
    (DAY, "race", "White", None, None, 0.5646, None, 0.75, True, SOURCE, 2020),
    (DAY, "race", "Asian", None, None, 0.0949, None, 0.75, True, SOURCE, 2020),
]
# as_of_date, dimension, dimension_order, group_name, group_order, members, reported, all_members
CELLS = [(DAY, "race", 1, "White", 1, 12, 15, 20), (DAY, "race", 1, "Asian", 4, 3, 15, 20)]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    """Hand-made board marts and cells, with dbt's gate views and the groups seed built on them."""

    def cells(con: duckdb.DuckDBPyConnection) -> None:
        con.execute("create schema intermediate")
        con.execute(
            "create table intermediate.int_board_representation__cells (as_of_date date, dimension varchar, "
            "dimension_order integer, group_name varchar, group_order integer, members bigint, reported bigint, "
            "all_members bigint)"
        )

    return build_gate_warehouse(
        tmp_path_factory.mktemp("board_gates"), TABLES, cells,
        [["seed", "--select", "representation_groups"],
         ["run", "--select", "gate_board_counts", "gate_board_representation"]],
    )  # fmt: skip


@pytest.fixture
def gate(warehouse):
    def _gate(seats=SEATS, recruitment=RECRUITMENT, representation=REPRESENTATION, cells=CELLS) -> dict:
        """Each board mart's failed expectations on these rows: (expectation, column, detail)."""
        with duckdb.connect(str(warehouse)) as con:
            fill(con, "marts.board_seats", seats)
            fill(con, "marts.board_recruitment", recruitment)
            fill(con, "marts.board_representation", representation)
            fill(con, "marts.board_representation_history", representation)
            fill(con, "intermediate.int_board_representation__cells", cells)
            return failed_expectations(con, TABLES)

    return _gate


def test_the_valid_rows_pass_every_gate(gate):
    assert gate() == {}


def test_statuses_not_adding_up_to_the_seats_fail_board_seats(gate):
    # 2 filled + 1 holdover + 1 vacant = 4, not 3 seats
    seats = [(DAY, "A", "Board A", 3, 2, 1, 1, 0.3333, 1, 92)]
    failed = gate(seats=seats)
    assert failed["board_seats"] == [("expect_column_pair_values_to_be_equal", None, "in gate_board_counts")]
    assert set(failed) == {"board_seats"}


def test_a_recruitment_list_missing_the_holdover_fails_board_recruitment(gate):
    failed = gate(recruitment=[RECRUITMENT[0], RECRUITMENT[2]])
    assert failed == {"board_recruitment": [("expect_column_pair_values_to_be_equal", None, "in gate_board_counts")]}


def test_a_vacant_seat_without_days_vacant_fails(gate):
    failed = gate(recruitment=[RECRUITMENT[0][:7] + (None, None), *RECRUITMENT[1:]])
    assert failed == {"board_recruitment": [("expect_column_values_to_not_be_null", "days_vacant", "")]}


def test_one_group_hidden_alone_fails_both_representation_marts(gate):
    # White published (12 of 15 = 0.8), Asian hidden on its own: 15 - 12 gives Asian's 3 away
    lone = [(DAY, "race", "White", 12, 0.8, 0.5646, 1.4169, 0.75, False, SOURCE, 2020), REPRESENTATION[1]]
    failed = gate(representation=lone)
    expected = [("expect_column_pair_values_to_be_equal", None, "in gate_board_representation")]
    assert failed == {"board_representation": expected, "board_representation_history": expected}


def test_a_hidden_group_showing_its_share_fails_both_representation_marts(gate):
    # Asian hidden, but its share 3/15 = 0.2 left in: 0.2 x 15 answered gives its 3 members back
    leaky = [REPRESENTATION[0], (DAY, "race", "Asian", None, 0.2, 0.0949, None, 0.75, True, SOURCE, 2020)]
    expected = [("expect_column_values_to_be_null", "seat_share", "")]
    assert gate(representation=leaky) == {"board_representation": expected, "board_representation_history": expected}


def test_groups_not_summing_to_who_answered_fail(gate):
    # 16 answered but the groups hold 15: someone's answer fell outside representation_groups
    cells = [c[:6] + (16, 20) for c in CELLS]
    failed = gate(cells=cells)
    assert set(failed) == {"board_representation", "board_representation_history"}


def test_a_share_above_one_and_an_unknown_group_fail(gate):
    bad = [(DAY, "race", "Martian", None, None, 1.2, None, 0.75, True, SOURCE, 2020), REPRESENTATION[1]]
    failed = gate(representation=bad)["board_representation"]
    assert ("expect_column_values_to_be_between", "population_share", "") in failed
    assert ("expect_column_values_to_be_in_set", "group_name", "") in failed


def test_a_one_column_key_is_gated_for_duplicates():
    # board_seats' key is board_code alone: GE's compound expectation refuses one column (a crash before).
    table = PublishedTable("t", "t", "", "", "", (Column("board_code", "varchar", ""),), key=("board_code",))
    with duckdb.connect() as con:
        con.execute("create table t as select * from (values ('A'), ('A'), ('B')) as v(board_code)")
        result = publishable_gate(con, table)
    assert [(f.expectation, f.column, f.unexpected_count) for f in result.failures] == [
        ("expect_column_values_to_be_unique", "board_code", 2)
    ]
