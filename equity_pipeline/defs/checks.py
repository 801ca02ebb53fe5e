"""Great Expectations gates as blocking asset checks: the runner for any table, and the landed tables' gates."""

from collections.abc import Callable

import dagster as dg
import duckdb

from equity_pipeline.config import Settings
from equity_pipeline.contracts import Contract
from equity_pipeline.defs.ingest import CONTRACTS, landed_key
from equity_pipeline.defs.locking import holds_refresh_lock
from equity_pipeline.ingest.loader import connect_warehouse
from equity_pipeline.quality.landed import validate_landed
from equity_pipeline.quality.metadata import check_metadata
from equity_pipeline.quality.runner import QualityResult
from equity_pipeline.resources import EquitySettings


def check_result(
    result: QualityResult, description: str | None = None, metadata: dict[str, object] | None = None
) -> dg.AssetCheckResult:
    """A GE result as a blocking-grade check result (`description` instead of the result's own, `metadata`
    beside its expectations)."""
    return dg.AssetCheckResult(
        passed=result.success,
        severity=dg.AssetCheckSeverity.ERROR,
        description=description or result.describe(),
        metadata={**check_metadata(result), **(metadata or {})},
    )


def validate_in_warehouse(
    settings: Settings, validate: Callable[[duckdb.DuckDBPyConnection], QualityResult]
) -> dg.AssetCheckResult:
    """Run `validate` on the warehouse, opened read-only, and report it as a check result."""
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        return check_result(validate(con))


def landed_check(contract: Contract) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=landed_key(contract.source),
        name="ge_landed_suite",
        blocking=True,
        description=f"Great Expectations suite derived from the {contract.source} contract.",
    )
    @holds_refresh_lock  # it records the files that passed (quality/landed.py)
    def _check(context: dg.AssetCheckExecutionContext, settings: EquitySettings) -> dg.AssetCheckResult:
        with connect_warehouse(settings.settings) as con:
            validation = validate_landed(con, contract, context.run.run_id)
        return check_result(
            validation.result,
            validation.describe(),
            {
                "new_files_validated": validation.new_files,
                "new_rows_validated": validation.new_rows,
                "files_validated_earlier": validation.earlier_files,
                "rows_validated_earlier": validation.earlier_rows,
            },
        )

    return _check


LANDED_CHECKS = [landed_check(c) for c in CONTRACTS.values()]
