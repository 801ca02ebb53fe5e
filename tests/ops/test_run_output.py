"""What `make run` relays from a run's log: each warning once, except the landed assets' own,
which the summary prints from the audit tables (with their source folder)."""

import dagster as dg

from equity_pipeline.config import DEV_KEY_WARNING
from equity_pipeline.run_output import run_warnings


@dg.asset(key=["landed", "hr_workforce"])
def landed_hr(context: dg.AssetExecutionContext) -> None:
    context.log.warning(DEV_KEY_WARNING)
    context.log.warning("hr_workforce_2052-06-30.csv: rejected: as-of date in the future")


@dg.asset(deps=[landed_hr])
def report(context: dg.AssetExecutionContext) -> None:
    context.log.warning("the report lacks a chart")
    context.log.warning("the report lacks a chart")  # said twice: shown once
    context.log.info("not relayed: below WARNING")


def test_each_warning_once_except_the_landed_assets_which_the_summary_prints():
    with dg.DagsterInstance.ephemeral() as instance:
        result = dg.materialize([landed_hr, report], instance=instance)
        assert run_warnings(instance, result.run_id) == ["WARNING: the report lacks a chart"]
        assert run_warnings(instance, result.run_id, summarised_steps="nothing") == [
            f"WARNING: {DEV_KEY_WARNING}",
            "WARNING: hr_workforce_2052-06-30.csv: rejected: as-of date in the future",
            "WARNING: the report lacks a chart",
        ]
