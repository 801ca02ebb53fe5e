"""The alert sensors: a failed run, and a successful one whose checks warned, said by e-mail and/or webhook.

They see runs launched through the daemon or the UI (the schedule, the new_exports sensor, Materialize):
a run status sensor matches runs of its own code location, and an `execute_in_process` run (`make run`)
has none, so the CLI calls notify_run itself. (`monitor_all_code_locations=True` would match those runs too,
run_status_sensor_definition.py, and `make run` would then alert twice: left off.) The logic is in
equity_pipeline/alerts.
"""

import dagster as dg

from equity_pipeline.alerts import NOT_SENT, notify_run
from equity_pipeline.resources import EquitySettings


def _notify(context: dg.RunStatusSensorContext, settings: EquitySettings) -> None:
    for line in notify_run(settings.settings, context.instance, context.dagster_run.run_id):
        # a delivery that failed is a warning of the tick: it must be seen, but the run's outcome stands
        (context.log.warning if line.startswith(NOT_SENT) else context.log.info)(line)


def build_alert_sensors(interval_seconds: int) -> tuple[dg.SensorDefinition, dg.SensorDefinition]:
    """The failure and the warnings sensors, looking every `interval_seconds` (EQUITY_SENSOR_INTERVAL_SECONDS)."""

    @dg.run_failure_sensor(
        name="alert_on_failure",
        minimum_interval_seconds=interval_seconds,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Sends an alert (EQUITY_ALERT_SMTP_URL e-mail, EQUITY_ALERT_WEBHOOK_URL webhook) when a run "
        "fails: the failed steps and blocking checks with their messages, and the run's link. Nothing is sent "
        "when neither is set.",
    )
    def alert_on_failure(context: dg.RunFailureSensorContext, settings: EquitySettings) -> None:
        _notify(context, settings)

    @dg.run_status_sensor(
        name="alert_on_warnings",
        run_status=dg.DagsterRunStatus.SUCCESS,
        minimum_interval_seconds=interval_seconds,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Sends an alert when a run succeeded but a warn-severity check did not pass (a stale source, "
        "for one): each warning with its message, and the run's link. A run without warnings sends nothing.",
    )
    def alert_on_warnings(context: dg.RunStatusSensorContext, settings: EquitySettings) -> None:
        _notify(context, settings)

    return alert_on_failure, alert_on_warnings
