"""Run a Great Expectations 1.x suite on a pandas DataFrame, in an ephemeral context.

GE's SQL datasource returns empty metrics on DuckDB (it fetches after closing the
connection), so tables are read into pandas and validated there: about 0.6 s for
five expectations on a million rows.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field

import pandas as pd

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

import great_expectations as gx  # noqa: E402
from great_expectations.data_context.types.base import ProgressBarsConfig  # noqa: E402
from great_expectations.expectations import Expectation  # noqa: E402

logging.getLogger("great_expectations").setLevel(logging.WARNING)


@dataclass
class Failure:
    expectation: str
    column: str | None
    unexpected_count: int | None
    detail: str

    def __str__(self) -> str:
        where = f" on {self.column}" if self.column else ""
        count = f": {self.unexpected_count} unexpected" if self.unexpected_count is not None else ""
        return f"{self.expectation}{where}{count}{(' — ' + self.detail) if self.detail else ''}"


@dataclass(frozen=True)
class Outcome:
    """One expectation as it ran: shown to auditors in the check's metadata, passed or not."""

    expectation: str
    column: str | None
    success: bool
    unexpected_count: int | None


@dataclass
class QualityResult:
    suite: str
    rows: int
    evaluated: int
    failures: list[Failure] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return not self.failures

    def describe(self) -> str:
        if self.success:
            return f"{self.suite}: {self.evaluated} expectations passed on {self.rows} rows"
        return f"{self.suite}: {len(self.failures)} of {self.evaluated} expectations failed: " + "; ".join(
            str(f) for f in self.failures
        )


def validate_frame(frame: pd.DataFrame, suite_name: str, expectations: list[Expectation]) -> QualityResult:
    """Validate `frame` against the expectations; each call uses a fresh ephemeral context."""
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    datasource = context.data_sources.add_pandas(name="frames")
    batch_definition = datasource.add_dataframe_asset(name=suite_name).add_batch_definition_whole_dataframe("whole")
    suite = gx.ExpectationSuite(name=suite_name)
    for expectation in expectations:
        suite.add_expectation(expectation)
    batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
    outcome = batch.validate(suite)
    failures, outcomes = [], []
    for item in outcome.results:
        kwargs = item.expectation_config.kwargs
        column = kwargs.get("column") or (", ".join(kwargs["column_list"]) if kwargs.get("column_list") else None)
        unexpected = item.result.get("unexpected_count")
        outcomes.append(Outcome(item.expectation_config.type, column, bool(item.success), unexpected))
        if item.success:
            continue
        detail = ""
        if item.exception_info and item.exception_info.get("raised_exception"):
            detail = str(item.exception_info.get("exception_message"))
        failures.append(
            Failure(
                expectation=item.expectation_config.type,
                column=column,
                unexpected_count=unexpected,
                detail=detail,
            )
        )
    return QualityResult(
        suite=suite_name, rows=len(frame), evaluated=len(outcome.results), failures=failures, outcomes=outcomes
    )
