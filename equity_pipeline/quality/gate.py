"""The gates before publishing, run on the warehouse: a mart against its declaration, and its gate models.

The expectations are built from the dbt project (publish/catalog.py, quality/suites.py); this
module only reads what they validate: the mart, each gate model's rows for it, and the seeds
that hold a column's vocabulary.
"""

from __future__ import annotations

from dataclasses import replace

import duckdb

from equity_pipeline.publish.catalog import PublishedTable, personal_looking_columns, published_table
from equity_pipeline.quality.runner import Failure, Outcome, QualityResult, validate_frame
from equity_pipeline.quality.suites import gate_model_suite, published_table_suite, wc_totals_suite
from equity_pipeline.sql import q

WC_TOTALS_RELATION = "gates.gate_wc_totals"


def vocabularies(con: duckdb.DuckDBPyConnection, table: PublishedTable) -> dict[str, list]:
    """Each column's allowed values that live in a seed (its dbt relationships test), in the seed's order."""
    found = {}
    for column in table.columns:
        vocabulary = column.vocabulary
        if vocabulary is not None and vocabulary.relation is not None:
            rows = con.execute(f"select {q(vocabulary.field)} from {vocabulary.relation}").fetchall()
            found[column.name] = [r[0] for r in rows]
    return found


def publishable_gate(con: duckdb.DuckDBPyConnection, table: PublishedTable) -> QualityResult:
    """Validate a mart about to be published: its declaration, its name check, and its gate models' rows."""
    frame = con.execute(f"select * from {table.relation}").df()
    result = validate_frame(frame, f"publish_{table.name}", published_table_suite(table, vocabularies(con, table)))
    # Names are checked on the declaration, not on the rows: a personal-looking column fails even in an empty mart.
    for column in personal_looking_columns((table,)):
        result.failures.append(
            Failure("personal_looking_column", column, None, "a published name must not look personal")
        )
        result.outcomes.append(Outcome("personal_looking_column", column, False, None))
        result.evaluated += 1
    for gate in table.gate_models:
        rows = con.execute(f"select * from {gate.relation} where table_name = ?", [table.name]).df()
        gated = validate_frame(rows, f"{gate.name}_{table.name}", gate_model_suite(gate))
        result.evaluated += gated.evaluated
        result.outcomes += [replace(o, expectation=f"{o.expectation} (in {gate.name})") for o in gated.outcomes]
        result.failures += [
            Failure(
                f.expectation, f.column, f.unexpected_count, f"in {gate.name}" + (f": {f.detail}" if f.detail else "")
            )
            for f in gated.failures
        ]
    return result


def wc_department_totals() -> tuple[str, ...]:
    """wc_claims_monthly's columns whose ALL row is the departments' sum (`meta: department_total`)."""
    table = published_table("wc_claims_monthly")
    return tuple(c.name for c in table.columns if c.department_total)


def wc_totals_gate(con: duckdb.DuckDBPyConnection) -> QualityResult:
    """Validate the gate_wc_totals model: ALL against the departments, months contiguous."""
    frame = con.execute(f"select * from {WC_TOTALS_RELATION}").df()
    return validate_frame(frame, "publish_wc_totals", wc_totals_suite(wc_department_totals()))
