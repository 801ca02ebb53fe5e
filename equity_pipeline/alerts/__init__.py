"""Alerts: a failed refresh, a failed blocking check or a warning (a stale source) said by e-mail and/or webhook.

`notify_run` after a run (the alert sensors, and `make run` for its in-process runs), `notify_warnings` when
the CLI found warnings but started no run. Both do nothing when no channel is configured
(EQUITY_ALERT_SMTP_URL + EQUITY_ALERT_EMAIL_TO, EQUITY_ALERT_WEBHOOK_URL) and never raise for a delivery.
"""

from __future__ import annotations

import dagster as dg

from equity_pipeline.alerts.compose import Alert, compose, warnings_alert, withhold_values
from equity_pipeline.alerts.send import NOT_SENT, deliver
from equity_pipeline.config import Settings

__all__ = ["NOT_SENT", "Alert", "compose", "configured", "notify_run", "notify_warnings", "withhold_values"]


def configured(settings: Settings) -> bool:
    """Whether any alert channel is set."""
    return bool(settings.alert_smtp_url or settings.alert_webhook_url)


def notify_run(settings: Settings, instance: dg.DagsterInstance, run_id: str) -> list[str]:
    """Alert about run `run_id` of `instance` (which must have ended) when it failed or a check warned.

    Returns one line per channel tried, "alert sent by e-mail to …", "alert sent to the webhook at …", or
    "ALERT NOT SENT …: <reason>" (also logged as a warning; never raised), for the caller to print.
    [] when no channel is configured or there is nothing to say (a successful run without warnings).
    Raises ValueError only for a run_id the instance does not hold.
    """
    if not configured(settings):
        return []
    alert = compose(settings, instance, run_id)
    return deliver(settings, alert) if alert else []


def notify_warnings(settings: Settings, lines: list[str]) -> list[str]:
    """Alert about warnings found when no run was started (e.g. the CLI's `WARNING: …` lines, a stale source);
    each line is said after `withhold_values`. Returns what notify_run returns; [] for no lines or no channel."""
    if not configured(settings):
        return []
    alert = warnings_alert(settings, lines)
    return deliver(settings, alert) if alert else []
