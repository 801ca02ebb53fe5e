"""A Great Expectations result as Dagster metadata: which expectations ran, each with its outcome.

An auditor reading a check in the UI sees every expectation of the suite (a table), not only a count.
"""

from __future__ import annotations

import dagster as dg

from equity_pipeline.quality.runner import QualityResult

EXPECTATIONS_SCHEMA = dg.TableSchema(
    columns=[
        dg.TableColumn("expectation", "string", description="the Great Expectations expectation type"),
        dg.TableColumn("column", "string", description="the column (or columns) it looks at; blank: the table"),
        dg.TableColumn("outcome", "string", description="passed or FAILED"),
        dg.TableColumn("unexpected_rows", "int", description="rows that broke it, where GE counts them"),
    ]
)


def expectations_table(result: QualityResult) -> dg.TableMetadataValue:
    """Every expectation that ran, in suite order."""
    return dg.MetadataValue.table(
        records=[
            dg.TableRecord(
                {
                    "expectation": o.expectation,
                    "column": o.column or "",
                    "outcome": "passed" if o.success else "FAILED",
                    "unexpected_rows": None if o.unexpected_count is None else int(o.unexpected_count),
                }
            )
            for o in result.outcomes
        ],
        schema=EXPECTATIONS_SCHEMA,
    )


def check_metadata(result: QualityResult) -> dict[str, object]:
    """The check's metadata: counts and the table of expectations."""
    return {
        "suite": result.suite,
        "rows": result.rows,
        "expectations": result.evaluated,
        "failed": len(result.failures),
        "expectations_run": expectations_table(result),
    }
