"""Great Expectations gates on the landed tables, as blocking asset checks."""

import dagster as dg
import duckdb

from equity_pipeline.config import get_settings
from equity_pipeline.contracts import Contract
from equity_pipeline.defs.ingest import CONTRACTS, landed_key
from equity_pipeline.quality.runner import validate_frame
from equity_pipeline.quality.suites import landed_suite


def landed_check(contract: Contract) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=landed_key(contract.source),
        name="ge_landed_suite",
        blocking=True,
        description=f"Great Expectations suite derived from the {contract.source} contract.",
    )
    def _check(context: dg.AssetCheckExecutionContext) -> dg.AssetCheckResult:
        settings = get_settings()
        with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
            frame = con.execute(f'select * from landed."{contract.source}"').df()
        result = validate_frame(frame, f"landed_{contract.source}", landed_suite(contract))
        return dg.AssetCheckResult(
            passed=result.success,
            severity=dg.AssetCheckSeverity.ERROR,
            description=result.describe(),
            metadata={"rows": result.rows, "expectations": result.evaluated, "failed": len(result.failures)},
        )

    return _check


LANDED_CHECKS = [landed_check(c) for c in CONTRACTS.values()]
