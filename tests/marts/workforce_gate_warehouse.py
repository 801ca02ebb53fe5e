"""The warehouse the workforce gate tests run on: empty workforce marts and the intermediate tables the
gate views read, the groups seeds and dbt's two gate views; and one call that fills the tables with
hand-made rows (workforce_gate_rows.py) and returns what the gates make of them.
"""

from pathlib import Path

import duckdb

from tests.marts.gate_helpers import build_gate_warehouse, failed_expectations, fill
from tests.marts.workforce_gate_rows import REPRESENTATION, people, representation, valid_breakdowns

TABLES = ("workforce_disparity", "workforce_representation")
GATES = ("gate_workforce_disparity", "gate_workforce_representation")
# a mart's failure when its gate view has a figure whose expected and actual differ
PAIR = {
    table: ("expect_column_pair_values_to_be_equal", None, f"in {gate}")
    for table, gate in zip(TABLES, GATES, strict=True)
}
# The intermediate tables the gate views read, as the models build them
INTERMEDIATE = {
    "int_workforce_disparity__counts": "fiscal_year integer, decision varchar, decision_order integer, "
    "dimension varchar, dimension_order integer, group_name varchar, group_order integer, is_complete boolean, "
    "eligible bigint, selected bigint, reference_group varchar, reference_eligible bigint, reference_selected bigint",
    "int_workforce_disparity__people": "fiscal_year integer, decision varchar, employee_key varchar, selected boolean",
    "int_workforce_representation__cells": "fiscal_year integer, as_of_date date, is_complete boolean, "
    "eeo4_job_category varchar, dimension varchar, dimension_order integer, group_name varchar, "
    "group_order integer, employees bigint, hires bigint, reported_employees bigint, all_employees bigint, "
    "reported_hires bigint, population_share double, population_source varchar, population_year integer",
}


def build_warehouse(tmp: Path) -> Path:
    """The empty tables, the seeds and the gate views under tmp; the warehouse file's path."""

    def intermediate(con: duckdb.DuckDBPyConnection) -> None:
        con.execute("create schema intermediate")
        for name, columns in INTERMEDIATE.items():
            con.execute(f"create table intermediate.{name} ({columns})")

    return build_gate_warehouse(
        tmp, TABLES, intermediate, [["seed", "--select", "disparity_groups", "representation_groups"],
                                    ["run", "--select", *GATES]],
    )  # fmt: skip


def gate_results(
    warehouse: Path,
    breakdowns: list[tuple[list, list]] | None = None,
    people_rows: list[tuple] | None = None,
    rep: tuple[list, list] | None = None,
) -> tuple[dict, list]:
    """The marts' failed expectations, and the gate views' figures whose expected and actual differ.

    Defaults: the valid disparity breakdowns, their 145 people, the valid representation."""
    breakdowns = valid_breakdowns() if breakdowns is None else breakdowns
    rep_mart, rep_cells = rep or representation(REPRESENTATION)
    with duckdb.connect(str(warehouse)) as con:
        fill(con, "marts.workforce_disparity", [row for mart, _ in breakdowns for row in mart])
        fill(con, "intermediate.int_workforce_disparity__counts", [row for _, c in breakdowns for row in c])
        fill(con, "intermediate.int_workforce_disparity__people", people_rows or people("retention", 145, 96))
        fill(con, "marts.workforce_representation", rep_mart)
        fill(con, "intermediate.int_workforce_representation__cells", rep_cells)
        figures = con.execute(
            " union all ".join(
                f"select table_name, cell, figure, expected, actual from gates.{gate} "
                "where expected is distinct from actual"
                for gate in GATES
            )
            + " order by all"
        ).fetchall()
        return failed_expectations(con, TABLES), figures
