"""Great Expectations gates as blocking asset checks: the runner for any table, and the landed tables' gates."""

from collections.abc import Callable

import dagster as dg
import duckdb
import pandas as pd
from great_expectations.expectations import Expectation

from equity_pipeline.config import Settings
from equity_pipeline.contracts import Contract
from equity_pipeline.defs.ingest import CONTRACTS, landed_key
from equity_pipeline.quality.metadata import check_metadata
from equity_pipeline.quality.runner import QualityResult, validate_frame
from equity_pipeline.quality.suites import landed_suite
from equity_pipeline.resources import EquitySettings


def check_result(result: QualityResult) -> dg.AssetCheckResult:
    """A GE result as a blocking-grade check result."""
    return dg.AssetCheckResult(
        passed=result.success,
        severity=dg.AssetCheckSeverity.ERROR,
        description=result.describe(),
        metadata=check_metadata(result),
    )


def validate_in_warehouse(
    settings: Settings, validate: Callable[[duckdb.DuckDBPyConnection], QualityResult]
) -> dg.AssetCheckResult:
    """Run `validate` on the warehouse, opened read-only, and report it as a check result."""
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        return check_result(validate(con))


def validate_table(
    settings: Settings,
    relation: str,
    suite_name: str,
    expectations_for: Callable[[pd.DataFrame, duckdb.DuckDBPyConnection], list[Expectation]],
) -> dg.AssetCheckResult:
    """Read a warehouse table read-only, validate it with GE, and report as a blocking-grade check result.

    `expectations_for(frame, con)` builds the suite; it may look at the frame or the warehouse.
    """

    def validate(con: duckdb.DuckDBPyConnection) -> QualityResult:
        frame = con.execute(f"select * from {relation}").df()
        return validate_frame(frame, suite_name, expectations_for(frame, con))

    return validate_in_warehouse(settings, validate)


def landed_check(contract: Contract) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=landed_key(contract.source),
        name="ge_landed_suite",
        blocking=True,
        description=f"Great Expectations suite derived from the {contract.source} contract.",
    )
    def _check(context: dg.AssetCheckExecutionContext, settings: EquitySettings) -> dg.AssetCheckResult:
        return validate_table(
            settings.settings,
            f'landed."{contract.source}"',
            f"landed_{contract.source}",
            lambda frame, con: landed_suite(contract),
        )

    return _check


LANDED_CHECKS = [landed_check(c) for c in CONTRACTS.values()]
