"""Expectation suites, declared as code.

Landed suites are derived from the same contract the loader enforces, so the
gate re-checks the loader's work independently (in GE, on what was written),
instead of restating each rule by hand.
"""

from __future__ import annotations

import duckdb
import great_expectations.expectations as gxe
import pandas as pd
from great_expectations.expectations import Expectation

from equity_pipeline.contracts import Contract
from equity_pipeline.ingest.landed import LINEAGE_COLUMNS


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


WC_COUNT_COLUMNS = ("new_claims", "incident_reports", "lost_time_claims", "recordable_cases", "dart_cases",
                    "days_away", "open_claims_eom")  # fmt: skip


def published_table_suite(
    table: str, columns: tuple[str, ...], frame_series: set[str] | None = None, grid_rows: int | None = None
) -> list[Expectation]:
    """Gate for one table about to be published (see equity_pipeline.publish.tables).

    frame_series: the series that must all be present; grid_rows: the exact row count of a
    complete grid (every series in every quarter, every bucket in every year).
    """
    expectations: list[Expectation] = [
        # Exactly the declared columns, in order: nothing unlisted can leak.
        gxe.ExpectTableColumnsToMatchOrderedList(column_list=list(columns)),
    ]
    if table == "pvr_quarterly":
        expectations += [
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["series_id", "fiscal_year", "fiscal_quarter"]),
            *[
                gxe.ExpectColumnValuesToNotBeNull(column=c)
                for c in ("series_id", "fiscal_year", "fiscal_quarter", "is_complete")
            ],
            # only a rate may be empty (a quarter without estimated hours); counts are 0, never empty
            gxe.ExpectColumnValuesToNotBeNull(column="value", row_condition='unit!="rate"', condition_parser="pandas"),
            gxe.ExpectColumnValuesToBeBetween(column="fiscal_quarter", min_value=1, max_value=4),
            gxe.ExpectColumnValuesToBeBetween(column="value", min_value=0),
        ]
        for unit, ceiling in PLAUSIBLE_QUARTERLY_MAX.items():
            expectations.append(
                gxe.ExpectColumnValuesToBeBetween(
                    column="value", max_value=ceiling, row_condition=f'unit=="{unit}"', condition_parser="pandas"
                )
            )
    elif table == "pvr_annual":
        expectations += [
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["series_id", "fiscal_year"]),
            *[gxe.ExpectColumnValuesToNotBeNull(column=c) for c in ("series_id", "fiscal_year", "status")],
            gxe.ExpectColumnValuesToBeInSet(
                column="status", value_set=["met", "not met", "on track", "behind", "no baseline", "no data"]
            ),
            # an empty actual only as `no data`, and only for a rate (a year without estimated hours)
            gxe.ExpectColumnValuesToNotBeNull(
                column="actual", row_condition='status!="no data"', condition_parser="pandas"
            ),
            gxe.ExpectColumnValuesToBeInSet(
                column="unit", value_set=["rate"], row_condition='status=="no data"', condition_parser="pandas"
            ),
            gxe.ExpectColumnValuesToBeBetween(column="actual", min_value=0),
            gxe.ExpectColumnValuesToBeBetween(column="target", min_value=0),
        ]
    elif table == "wc_claims_monthly":
        expectations += [
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["month", "department_code"]),
            *[gxe.ExpectColumnValuesToNotBeNull(column=c) for c in ("month", "department_code", "suppressed")],
            *[gxe.ExpectColumnValuesToBeBetween(column=c, min_value=0) for c in [*WC_COUNT_COLUMNS, "hours_worked"]],
            # non-negative and finite (an infinite rate would mean hours of 0 slipped through)
            *[gxe.ExpectColumnValuesToBeBetween(column=c, min_value=0, max_value=1e9) for c in ("trir", "dart_rate")],
        ]
    elif table == "wc_report_lag":
        expectations += [
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["fiscal_year", "lag_bucket"]),
            # with uniqueness and the row count (4 x years), every bucket of every year is present
            gxe.ExpectColumnValuesToBeInSet(column="lag_bucket", value_set=["0", "1-7", "8-14", ">14"]),
            gxe.ExpectColumnValuesToBeBetween(column="claims", min_value=0),
            gxe.ExpectColumnValuesToBeBetween(column="share", min_value=0, max_value=1),
        ]
    elif table == "data_quality_issues":
        expectations += [
            *[gxe.ExpectColumnValuesToNotBeNull(column=c) for c in ("source", "file_name", "file_sha256", "reason")],
            gxe.ExpectColumnValuesToBeBetween(column="rows_affected", min_value=0),
        ]
    if frame_series is not None:
        expectations.append(
            gxe.ExpectColumnDistinctValuesToEqualSet(column="series_id", value_set=sorted(frame_series))
        )
    if grid_rows is not None:
        expectations.append(gxe.ExpectTableRowCountToEqual(value=grid_rows))
    return expectations


def publishable_expectations(
    table: str, columns: tuple[str, ...], frame: pd.DataFrame, con: duckdb.DuckDBPyConnection
) -> list[Expectation]:
    """The gate of a mart about to be published, with what it needs from the warehouse and the frame."""
    series = grid_rows = None
    if table in ("pvr_quarterly", "pvr_annual"):
        # Every series whose source has delivered at least one loaded file.
        source_of = dict(
            con.execute(
                """
                select definitions.series_id, definitions.source
                from reference.measure_definitions as definitions
                inner join intermediate.int_sources__freshness as freshness
                    on definitions.source = freshness.source_name
                """
            ).fetchall()
        )
        series = set(source_of)
    if table == "pvr_quarterly":
        # Full grid: each series has every quarter its source's series have.
        with_source = frame.assign(source=frame["series_id"].map(source_of))
        periods = with_source[["source", "fiscal_year", "fiscal_quarter"]].drop_duplicates()
        per_source = periods.groupby("source").size()
        series_per_source = with_source.groupby("source")["series_id"].nunique()
        grid_rows = int((per_source * series_per_source).sum())
    if table == "wc_report_lag":
        grid_rows = 4 * int(frame["fiscal_year"].nunique())  # every bucket in every year
    return published_table_suite(table, columns, series, grid_rows)


# One row per month: the ALL row beside the sum of the departments, and the gap to the previous month.
WC_TOTALS_SQL = f"""
(
    with
    monthly as (select * from marts.wc_claims_monthly),
    departments as (
        select month, {", ".join(f"sum({c}) as dept_{c}" for c in WC_COUNT_COLUMNS)},
            bool_or(suppressed) as any_suppressed, count(*) filter (where suppressed) as suppressed_departments
        from monthly where department_code <> 'ALL' group by month
    ),
    all_rows as (
        select month, {", ".join(f"{c} as all_{c}" for c in WC_COUNT_COLUMNS)}, suppressed as all_suppressed
        from monthly where department_code = 'ALL'
    )
    select
        all_rows.*,
        departments.* exclude (month),
        datediff('month', lag(all_rows.month) over (order by all_rows.month), all_rows.month) as months_since_previous
    from all_rows
    inner join departments on all_rows.month = departments.month
) as wc_totals
"""


def wc_totals_suite() -> list[Expectation]:
    """ALL equals the sum of departments (at least it, where a department is suppressed); months contiguous.

    The ALL row may itself be suppressed, every count empty, only where exactly one department is
    (the complement had no department with claimants to hide with it); otherwise it shows every count.
    """
    shown = {"row_condition": "all_suppressed==False", "condition_parser": "pandas"}
    hidden = {"row_condition": "all_suppressed==True", "condition_parser": "pandas"}
    expectations: list[Expectation] = [
        gxe.ExpectColumnValuesToBeBetween(column="months_since_previous", min_value=1, max_value=1),
        gxe.ExpectColumnValuesToBeBetween(column="suppressed_departments", min_value=1, max_value=1, **hidden),
    ]
    for c in WC_COUNT_COLUMNS:
        expectations.append(
            gxe.ExpectColumnPairValuesToBeEqual(
                column_A=f"all_{c}", column_B=f"dept_{c}", row_condition="any_suppressed==False",
                condition_parser="pandas",
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
