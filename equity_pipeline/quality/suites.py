"""Expectation suites, declared as code.

Landed suites are derived from the same contract the loader enforces, so the
gate re-checks the loader's work independently (in GE, on what was written),
instead of restating each rule by hand.
"""

from __future__ import annotations

import great_expectations.expectations as gxe
from great_expectations.expectations import Expectation
from great_expectations.expectations.row_conditions import Column, Condition

from equity_pipeline.contracts import Contract
from equity_pipeline.ingest.landed import LINEAGE_COLUMNS
from equity_pipeline.publish.catalog import GateModel, PublishedTable


def row_condition(column: str, operator: str, value: object) -> Condition:
    """A GE row condition from a declared `[column, "==" or "!=", value]` (GE's Condition objects:
    string conditions are deprecated since GX 1.9)."""
    if operator == "==":
        return Column(column) == value
    if operator == "!=":
        return Column(column) != value
    raise ValueError(f"row condition operator must be == or !=, got {operator!r}")


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


def published_table_suite(table: PublishedTable, vocabularies: dict[str, list]) -> list[Expectation]:
    """Gate for one table about to be published, built from its declaration (publish/catalog.py).

    vocabularies: the allowed values of each column whose dbt test names a seed, read from the warehouse.
    """
    expectations: list[Expectation] = [
        # Exactly the declared columns, in order: nothing unlisted can leak.
        gxe.ExpectTableColumnsToMatchOrderedList(column_list=list(table.column_names)),
    ]
    if len(table.key) == 1:
        # GE's compound expectation needs at least two columns.
        expectations.append(gxe.ExpectColumnValuesToBeUnique(column=table.key[0]))
    elif table.key:
        expectations.append(gxe.ExpectCompoundColumnsToBeUnique(column_list=list(table.key)))
    for column in table.columns:
        if column.not_null:
            expectations.append(gxe.ExpectColumnValuesToNotBeNull(column=column.name))
        if column.vocabulary is not None:
            vocabulary = column.vocabulary
            allowed = vocabulary.values if vocabulary.values is not None else vocabularies[column.name]
            expectations.append(gxe.ExpectColumnValuesToBeInSet(column=column.name, value_set=list(allowed)))
        if column.min is not None or column.max is not None:
            expectations.append(
                gxe.ExpectColumnValuesToBeBetween(column=column.name, min_value=column.min, max_value=column.max)
            )
    for condition in table.conditions:
        where = {"row_condition": row_condition(*condition["where"])}
        if condition.get("not_null"):
            expectations.append(gxe.ExpectColumnValuesToNotBeNull(column=condition["column"], **where))
        if condition.get("null"):
            expectations.append(gxe.ExpectColumnValuesToBeNull(column=condition["column"], **where))
        if "in" in condition:
            expectations.append(
                gxe.ExpectColumnValuesToBeInSet(column=condition["column"], value_set=list(condition["in"]), **where)
            )
    if table.ceilings:
        by = table.ceilings["by"]
        for value, ceiling in table.ceilings["max"].items():
            expectations.append(
                gxe.ExpectColumnValuesToBeBetween(
                    column=table.ceilings["column"], max_value=ceiling, row_condition=row_condition(by, "==", value),
                )
            )  # fmt: skip
    return expectations


def gate_model_suite(gate: GateModel) -> list[Expectation]:
    """A gate model's rows for one mart: each declared pair of columns equal."""
    return [gxe.ExpectColumnPairValuesToBeEqual(column_A=a, column_B=b) for a, b in gate.equal]


def wc_totals_suite(counts: tuple[str, ...]) -> list[Expectation]:
    """ALL equals the sum of departments (at least it, where a department is suppressed); months contiguous.

    The ALL row may itself be suppressed, every count empty, only where exactly one department is
    (the complement had no department with claimants to hide with it); otherwise it shows every count.
    Validates the gate_wc_totals model; counts: wc_claims_monthly's columns with `meta: department_total`.
    """
    shown = {"row_condition": row_condition("all_suppressed", "==", False)}
    hidden = {"row_condition": row_condition("all_suppressed", "==", True)}
    expectations: list[Expectation] = [
        gxe.ExpectColumnValuesToBeBetween(column="months_since_previous", min_value=1, max_value=1),
        gxe.ExpectColumnValuesToBeBetween(column="suppressed_departments", min_value=1, max_value=1, **hidden),
    ]
    for c in counts:
        expectations.append(
            gxe.ExpectColumnPairValuesToBeEqual(
                column_A=f"all_{c}", column_B=f"dept_{c}", row_condition=row_condition("any_suppressed", "==", False),
            )
        )  # fmt: skip
        expectations.append(
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A=f"all_{c}", column_B=f"dept_{c}", or_equal=True, **shown
            )
        )
        expectations.append(gxe.ExpectColumnValuesToNotBeNull(column=f"all_{c}", **shown))
        expectations.append(gxe.ExpectColumnValuesToBeNull(column=f"all_{c}", **hidden))
    return expectations
