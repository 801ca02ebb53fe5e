"""The pipeline's settings as a Dagster resource, injected into every asset, check and sensor that needs them.

Why the fields are not `dg.EnvVar`: an EnvVar has no default and fails the run when its variable
is unset (dagster issue #16232), while every EQUITY_* variable is optional with a documented default
(config.py). So a field left None is read from the environment of the process the run (or sensor
tick) executes in, when the resource is set up for it — the moment Dagster would resolve an EnvVar:
`make ui`'s run workers see the environment `dagster dev` was started with, and a test that sets
variables after importing the Definitions gets them in its run. A field given a value (the CLI passes
the values it validated, `EquitySettings.from_environment()`) is used as given. Either way the texts
go through config.settings_from, once per run: the same rules and error messages as the CLI's.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import dagster as dg
from pydantic import PrivateAttr

from equity_pipeline.config import VARIABLES, Settings, settings_from

# Settings that may hold a secret: the pseudonymisation key, and a PostgreSQL URL with its password.
# The alert URLs too: an SMTP URL's password, a webhook URL's token (the URL is the credential).
SECRET_FIELDS = frozenset({"pseudonym_key", "publish_postgres_url", "alert_smtp_url", "alert_webhook_url"})


class EquitySettings(dg.ConfigurableResource):
    """Raw text of each EQUITY_* variable ("" or unset: its default; None: read from the environment)."""

    raw_dir: str | None = None
    warehouse_dir: str | None = None
    pseudonym_key: str | None = None
    quarantine_threshold: str | None = None
    timezone: str | None = None
    fiscal_year_start_month: str | None = None
    small_cell_threshold: str | None = None
    small_department_employees: str | None = None
    safe_harbor_persons: str | None = None
    safe_harbor_share: str | None = None
    disparity_min_eligible: str | None = None
    published_storage_version: str | None = None
    publish_postgres_url: str | None = None
    publish_postgres_reader: str | None = None
    publish_postgres_lock_wait_seconds: str | None = None
    schedule_cron: str | None = None
    schedule_timezone: str | None = None
    future_as_of_days: str | None = None
    settle_seconds: str | None = None
    min_date: str | None = None
    future_days: str | None = None
    alert_smtp_url: str | None = None
    alert_email_to: str | None = None
    alert_email_from: str | None = None
    alert_webhook_url: str | None = None
    ui_url: str | None = None
    sensor_interval_seconds: str | None = None

    _settings: Settings | None = PrivateAttr(default=None)

    @classmethod
    def from_environment(cls, env: Mapping[str, str] | None = None) -> EquitySettings:
        """The variables as they are now, fixed: what a caller validated is what its run uses.

        Except the secrets (SECRET_FIELDS): a value given to a resource field becomes part of the job's
        config, which Dagster keeps in its run storage (`make run` persists it under DAGSTER_HOME, and
        the UI shows it). They stay None, read from the environment when the run sets the resource up:
        the same environment in the CLI's own process.
        """
        env = os.environ if env is None else env
        fixed = {field: env.get(name, "") for field, name in VARIABLES.items() if field not in SECRET_FIELDS}
        return cls(**fixed)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        self._settings = self._validated()

    def _validated(self) -> Settings:
        texts = {name: getattr(self, field) for field, name in VARIABLES.items()}
        return settings_from({name: os.environ.get(name) if text is None else text for name, text in texts.items()})

    @property
    def settings(self) -> Settings:
        """The validated settings (raises ValueError, with the variable's name, for a bad one)."""
        if self._settings is None:  # used outside a run, e.g. to read the schedule when the code loads
            self._settings = self._validated()
        return self._settings
