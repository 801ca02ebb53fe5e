"""What `make run` relays from a run's log: each warning once, minus what the CLI already said."""

import dagster as dg

from equity_pipeline.config import DEV_KEY_WARNING
from equity_pipeline.run_output import run_warnings


@dg.asset
def first(context: dg.AssetExecutionContext) -> None:
    context.log.warning(DEV_KEY_WARNING)
    context.log.warning("schema drift: a.csv: unknown column(s) x")
    context.log.info("not relayed: below WARNING")


@dg.asset(deps=[first])
def second(context: dg.AssetExecutionContext) -> None:
    context.log.warning(DEV_KEY_WARNING)  # five landed assets say it: shown once at most
    context.log.warning("landing folder: stray.csv: file at the top of the landing folder belongs to no source")


def test_each_warning_once_in_order_without_what_was_already_said():
    with dg.DagsterInstance.ephemeral() as instance:
        result = dg.materialize([first, second], instance=instance)
        assert run_warnings(instance, result.run_id) == [
            f"WARNING: {DEV_KEY_WARNING}",
            "WARNING: schema drift: a.csv: unknown column(s) x",
            "WARNING: landing folder: stray.csv: file at the top of the landing folder belongs to no source",
        ]
        assert run_warnings(instance, result.run_id, already_said={DEV_KEY_WARNING}) == [
            "WARNING: schema drift: a.csv: unknown column(s) x",
            "WARNING: landing folder: stray.csv: file at the top of the landing folder belongs to no source",
        ]
