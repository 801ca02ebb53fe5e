"""Expectation suites, declared as code.

Landed suites are derived from the same contract the loader enforces, so the
gate re-checks the loader's work independently (in GE, on what was written),
instead of restating each rule by hand.
"""

from __future__ import annotations

import great_expectations.expectations as gxe
from great_expectations.expectations import Expectation

from equity_pipeline.contracts import Contract
from equity_pipeline.ingest.loader import LINEAGE_COLUMNS


def landed_suite(contract: Contract) -> list[Expectation]:
    """What every row of `landed.<source>` must satisfy."""
    expectations: list[Expectation] = []
    for name in LINEAGE_COLUMNS:
        expectations.append(gxe.ExpectColumnToExist(column=name))
        expectations.append(gxe.ExpectColumnValuesToNotBeNull(column=name))
    for column in contract.columns:
        if column.required:
            expectations.append(gxe.ExpectColumnValuesToNotBeNull(column=column.name))
        if column.type == "enum":
            expectations.append(gxe.ExpectColumnValuesToBeInSet(column=column.name, value_set=list(column.allowed)))
        if column.type == "flag_or_declined":
            expectations.append(
                gxe.ExpectColumnValuesToBeInSet(column=column.name, value_set=["Yes", "No", "Declined to State"])
            )
        if column.pseudonymise:
            # A keyed hash is 64 hex digits, present exactly when the id is.
            expectations.append(gxe.ExpectColumnValuesToMatchRegex(column=column.key_column, regex=r"^[0-9a-f]{64}$"))
            if column.required:
                expectations.append(gxe.ExpectColumnValuesToNotBeNull(column=column.key_column))
    if contract.key_unique_in_file:
        expectations.append(gxe.ExpectCompoundColumnsToBeUnique(column_list=[*contract.key, "_source_file"]))
    return expectations


# Plausible ceilings for one fiscal quarter of one series, by unit: a figure above
# these is far more likely an input error (a headcount typed with extra digits)
# than a fact, and must not be published without a person looking at it.
PLAUSIBLE_QUARTERLY_MAX = {"people": 50_000, "sessions": 1_000}


def published_table_suite(
    table: str, columns: tuple[str, ...], frame_series: set[str] | None = None, periods: int | None = None
) -> list[Expectation]:
    """Gate for one table about to be published (see equity_pipeline.publish.tables)."""
    expectations: list[Expectation] = [
        # Exactly the declared columns, in order: nothing unlisted can leak.
        gxe.ExpectTableColumnsToMatchOrderedList(column_list=list(columns)),
    ]
    if table == "pvr_quarterly":
        expectations += [
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["series_id", "fiscal_year", "fiscal_quarter"]),
            *[
                gxe.ExpectColumnValuesToNotBeNull(column=c)
                for c in ("series_id", "fiscal_year", "fiscal_quarter", "value", "is_complete")
            ],
            gxe.ExpectColumnValuesToBeBetween(column="fiscal_quarter", min_value=1, max_value=4),
            gxe.ExpectColumnValuesToBeBetween(column="value", min_value=0),
        ]
        for unit, ceiling in PLAUSIBLE_QUARTERLY_MAX.items():
            expectations.append(
                gxe.ExpectColumnValuesToBeBetween(
                    column="value", max_value=ceiling, row_condition=f'unit=="{unit}"', condition_parser="pandas"
                )
            )
        if frame_series is not None:
            expectations.append(
                gxe.ExpectColumnDistinctValuesToEqualSet(column="series_id", value_set=sorted(frame_series))
            )
        if periods is not None and frame_series is not None:
            # Every series in every published quarter: the full grid, no gaps.
            expectations.append(gxe.ExpectTableRowCountToEqual(value=len(frame_series) * periods))
    elif table == "pvr_annual":
        expectations += [
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["series_id", "fiscal_year"]),
            *[gxe.ExpectColumnValuesToNotBeNull(column=c) for c in ("series_id", "fiscal_year", "actual", "status")],
            gxe.ExpectColumnValuesToBeInSet(
                column="status", value_set=["met", "not met", "on track", "behind", "no baseline"]
            ),
            gxe.ExpectColumnValuesToBeBetween(column="actual", min_value=0),
            gxe.ExpectColumnValuesToBeBetween(column="target", min_value=0),
        ]
        if frame_series is not None:
            expectations.append(
                gxe.ExpectColumnDistinctValuesToEqualSet(column="series_id", value_set=sorted(frame_series))
            )
    elif table == "data_quality_issues":
        expectations += [
            *[gxe.ExpectColumnValuesToNotBeNull(column=c) for c in ("source", "file_name", "file_sha256", "reason")],
            gxe.ExpectColumnValuesToBeBetween(column="rows_affected", min_value=0),
        ]
    return expectations
