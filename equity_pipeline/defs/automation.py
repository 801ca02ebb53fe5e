"""Nightly refresh, and a sensor that refreshes when an export lands or changes."""

from collections.abc import Sequence

import dagster as dg

from equity_pipeline.contracts import all_contracts
from equity_pipeline.ingest import landing
from equity_pipeline.ingest.landing_state import already_ingested
from equity_pipeline.publish.inputs import nothing_to_do
from equity_pipeline.resources import EquitySettings

# The tag of a run of the freshness checks alone (the nightly tick when nothing is new).
KIND_TAG = "equity/kind"
# A run of the job in one of these holds, or is about to hold, the warehouse.
IN_FLIGHT = [
    dg.DagsterRunStatus.QUEUED,
    dg.DagsterRunStatus.NOT_STARTED,
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
    dg.DagsterRunStatus.CANCELING,
]


def run_in_flight(instance: dg.DagsterInstance, job_name: str) -> dg.DagsterRun | None:
    """A run of `job_name` queued or running. While there is one, a tick must not open the warehouse: its
    steps take the writer lock one at a time, and a tick holding it (or any DuckDB handle) between two of them
    makes the next fail at once (seen with the real daemon: a run's landed checks failed so)."""
    runs = instance.get_runs(filters=dg.RunsFilter(job_name=job_name, statuses=IN_FLIGHT), limit=1)
    return runs[0] if runs else None


def build_automation(
    job: object,
    cron: str,
    timezone: str,
    sensor_interval: int = 60,
    freshness_checks: Sequence[dg.AssetCheckKey] = (),
) -> tuple[dg.ScheduleDefinition, dg.SensorDefinition]:
    """The nightly schedule at `cron` in `timezone`, and the landing-folder sensor looking every `sensor_interval`
    seconds, for `job` (an asset job); `freshness_checks`: what the nightly tick runs when nothing is new."""

    @dg.schedule(
        name="nightly_refresh",
        job=job,
        cron_schedule=cron,
        execution_timezone=timezone,
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description="Refresh and publish every night (02:00 local time by default). When no export is new and "
        "the current publication was made from the exports and code as they are, only the sources' freshness "
        "checks run: a department that stopped sending is news even on a night with nothing to load.",
    )
    def nightly(context: dg.ScheduleEvaluationContext, settings: EquitySettings) -> dg.RunRequest | dg.SkipReason:
        busy = run_in_flight(context.instance, job.name)
        if busy is not None:
            # A refresh after it, queued, without a look at the warehouse now; one per run in flight.
            return dg.RunRequest(run_key=f"after-{busy.run_id}")
        stays = nothing_to_do(settings.settings)
        if stays is None:
            return dg.RunRequest()
        if not freshness_checks:
            return dg.SkipReason(f"nothing new since publication {stays} was made")
        # No asset: nothing is landed, built or published; the checks read the ingest manifest only.
        return dg.RunRequest(
            asset_selection=[],
            asset_check_keys=list(freshness_checks),
            tags={KIND_TAG: "freshness", "equity/unchanged_publication": stays},
        )

    @dg.sensor(
        name="new_exports",
        job=job,
        minimum_interval_seconds=sensor_interval,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Starts a refresh when a file in EQUITY_RAW_DIR is added, removed or changed; on its first "
        "tick, only if the ingest manifest lacks a file there (opening the UI starts nothing when nothing changed).",
    )
    def new_exports(context: dg.SensorEvaluationContext, settings: EquitySettings) -> dg.SensorResult | dg.SkipReason:
        # A digest of what a run would see in the landing folder (the loader's own scan).
        fingerprint = landing.landing_fingerprint(settings.settings, all_contracts())
        if fingerprint == context.cursor:
            return dg.SkipReason("no new or changed export")
        if context.cursor is None:  # the first tick: the ingest manifest says whether anything is new
            if run_in_flight(context.instance, job.name) is not None:
                return dg.SkipReason("a refresh is queued or running: looking again on the next tick")
            known = already_ingested(settings.settings, all_contracts())
            if known is None:
                return dg.SkipReason("a refresh holds the warehouse: looking again on the next tick")
            if known:
                return dg.SensorResult(skip_reason="every export is already in the ingest manifest", cursor=fingerprint)
        # run_key: one run per state of the landing folder, however often the sensor looks.
        return dg.SensorResult(run_requests=[dg.RunRequest(run_key=fingerprint)], cursor=fingerprint)

    return nightly, new_exports
