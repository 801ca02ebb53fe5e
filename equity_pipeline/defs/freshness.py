"""Source freshness as non-blocking asset checks: one `freshness` check per landed source (quality/freshness.py).

WARN severity: a late department is something to chase, not a reason to hold back the figures of the
exports that did arrive, so a failing check neither blocks the publication nor fails the run.
"""

import dagster as dg

from equity_pipeline.contracts import Contract
from equity_pipeline.defs.ingest import CONTRACTS, landed_key
from equity_pipeline.quality.freshness import Freshness, local_today, warehouse_freshness
from equity_pipeline.resources import EquitySettings

FRESHNESS_CHECK = "freshness"


def freshness_result(freshness: Freshness) -> dg.AssetCheckResult:
    """The check's result: passed when not late, the one-line description, and every figure as metadata."""

    def day(value: object) -> dg.MetadataValue:
        return dg.MetadataValue.null() if value is None else dg.MetadataValue.text(str(value))

    return dg.AssetCheckResult(
        passed=not freshness.late,
        severity=dg.AssetCheckSeverity.WARN,
        description=freshness.describe(),
        metadata={
            "source": freshness.source,
            "cadence": freshness.cadence,
            "grace_days": freshness.grace_days,
            "newest_as_of": day(freshness.newest_as_of),
            "next_as_of": day(freshness.next_as_of),
            "due_by": day(freshness.due_by),
            "days_late": freshness.days_late,
        },
    )


def freshness_check(contract: Contract) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=landed_key(contract.source),
        name=FRESHNESS_CHECK,
        blocking=False,
        description=f"Warns when the next {contract.cadence} {contract.source} export is more than "
        f"{contract.grace_days} days past its as-of date (the contract's cadence and grace_days).",
    )
    def _check(context: dg.AssetCheckExecutionContext, settings: EquitySettings) -> dg.AssetCheckResult:
        s = settings.settings
        # read-only, no writer lock: it only reads the manifest (a missing warehouse: nothing received yet)
        (freshness,) = warehouse_freshness(s.warehouse_path, [contract], local_today(s.timezone))
        return freshness_result(freshness)

    return _check


FRESHNESS_CHECKS = [freshness_check(c) for c in CONTRACTS.values()]
FRESHNESS_CHECK_KEYS = [dg.AssetCheckKey(landed_key(c.source), FRESHNESS_CHECK) for c in CONTRACTS.values()]
