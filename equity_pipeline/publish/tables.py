"""The published tables: the contract with readers (shared/spec/published.md).

Each entry names the mart it is copied from and its columns, in order. A Great
Expectations check compares every mart with this list exactly, so no unlisted
column (one that could hold personal data) can reach a reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class PublishedTable:
    name: str
    relation: str
    columns: tuple[str, ...]
    description: str


# Column names that suggest personal data; no published column may match.
PERSONAL_COLUMN = re.compile(
    r"(first_name|last_name|_name$|birth|description|narrative|employee_id|member_id|attendee_id)"
)
# Names that match the pattern but are not about a person.
NOT_PERSONAL = {"series_name", "measure_name", "file_name", "column_name", "board_name", "language_name"}

PUBLISHED_TABLES: tuple[PublishedTable, ...] = (
    PublishedTable(
        name="pvr_quarterly",
        relation="marts.pvr_quarterly",
        columns=(
            "series_id",
            "series_name",
            "measure_id",
            "unit",
            "fiscal_year",
            "fiscal_quarter",
            "quarter_start_date",
            "quarter_end_date",
            "value",
            "is_complete",
        ),  # fmt: skip
        description="Every PVR series per fiscal quarter; 0 for a quarter without activity.",
    ),
    PublishedTable(
        name="pvr_annual",
        relation="marts.pvr_annual",
        columns=(
            "series_id",
            "series_name",
            "measure_id",
            "unit",
            "direction",
            "fiscal_year",
            "actual",
            "prior_year_actual",
            "target",
            "baseline_fiscal_year",
            "baseline_value",
            "pct_change",
            "status",
            "is_complete",
            "complete_quarters",
            "ytd_actual",
            "ytd_target",
        ),  # fmt: skip
        description="Per series and fiscal year: actual, target, baseline, change and status.",
    ),
    PublishedTable(
        name="wc_claims_monthly",
        relation="marts.wc_claims_monthly",
        columns=(
            "month",
            "department_code",
            "new_claims",
            "incident_reports",
            "lost_time_claims",
            "recordable_cases",
            "dart_cases",
            "days_away",
            "hours_worked",
            "trir",
            "dart_rate",
            "incurred",
            "paid",
            "open_claims_eom",
            "median_report_lag_days",
            "suppressed",
        ),  # fmt: skip
        description="Workers' compensation per month and department (plus ALL); hours worked are estimated.",
    ),
    PublishedTable(
        name="wc_report_lag",
        relation="marts.wc_report_lag",
        columns=("fiscal_year", "lag_bucket", "bucket_order", "claims", "share"),
        description="Claims by fiscal year reported and report-lag bucket.",
    ),
    PublishedTable(
        name="data_quality_issues",
        relation="marts.data_quality_issues",
        columns=("source", "file_name", "file_sha256", "reason", "column_name", "rows_affected"),
        description="Per source file and reason: rows quarantined, or the file rejected; no raw values.",
    ),
)

PUBLICATION_LOG_COLUMNS = (
    "publish_id", "published_at", "run_id", "code_version", "source_files", "checks_passed", "checks_warned",
    "tables",
)  # fmt: skip


def personal_looking_columns() -> list[str]:
    """Declared published columns whose names look personal (must stay empty)."""
    return [
        f"{t.name}.{c}"
        for t in PUBLISHED_TABLES
        for c in t.columns
        if PERSONAL_COLUMN.search(c) and c not in NOT_PERSONAL
    ]
