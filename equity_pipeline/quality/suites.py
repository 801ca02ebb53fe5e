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
