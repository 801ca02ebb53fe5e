"""Every setting of the pipeline: its environment variable, default and validation.

The README's configuration table documents the same variables; keep the two in step.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import duckdb

from equity_pipeline.config_alerts import alert_settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"

# Used only when EQUITY_PSEUDONYM_KEY is unset, so that the sample runs out of the box.
# Hashes made with it are not secret: never publish real data with it.
DEV_PSEUDONYM_KEY = "equity-pipeline-development-key-not-secret"


# Said by the CLI, the landed assets and Python's warnings alike: one text, so it is shown once.
DEV_KEY_WARNING = (
    "EQUITY_PSEUDONYM_KEY is not set: ids are hashed with the public development key. "
    "Set a secret key before loading real exports."
)


class PseudonymKeyWarning(UserWarning):
    """The development pseudonymisation key is in use."""


@dataclass(frozen=True)
class Settings:
    raw_dir: Path
    warehouse_dir: Path
    pseudonym_key: str
    pseudonym_key_is_default: bool
    quarantine_threshold: float
    timezone: str
    fiscal_year_start_month: int
    small_cell_threshold: int
    small_department_employees: int
    # The US DOJ LEP guidance's safe harbor (2002): a language whose LEP population reaches either.
    safe_harbor_persons: int
    safe_harbor_share: float
    # Disparate impact (measures.md): a group needs this many eligible to be the reference group;
    # fewer is flagged small_numbers.
    disparity_min_eligible: int
    # The storage format published.duckdb is written in: what the DuckDB inside readers' BI drivers opens.
    published_storage_version: str
    # The optional PostgreSQL publication (publish/postgres.py): None publishes to disk only.
    publish_postgres_url: str | None
    publish_postgres_reader: str
    publish_postgres_lock_wait_seconds: int
    schedule_cron: str
    schedule_timezone: str
    future_as_of_days: int
    settle_seconds: int
    # Plausible dates (issue 8): no date before min_date, none more than future_days after
    # the export's as-of date unless its contract column allows more.
    min_date: dt.date
    future_days: int
    # Alerts (equity_pipeline/alerts): None leaves that channel off.
    alert_smtp_url: str | None = None
    alert_email_to: tuple[str, ...] = ()
    alert_email_from: str = ""
    alert_webhook_url: str | None = None
    ui_url: str = "http://127.0.0.1:3000"
    # How often the sensors look (new_exports and the alert sensors), read when the code loads.
    sensor_interval_seconds: int = 60

    @property
    def warehouse_path(self) -> Path:
        """The working warehouse: landed, staging, intermediate, marts, audit."""
        return self.warehouse_dir / "equity.duckdb"

    @property
    def archive_dir(self) -> Path:
        """A copy of every file version ever accepted, by SHA-256, so nothing is lost."""
        return self.warehouse_dir / "archive"


# Each setting's environment variable, named once: the settings resource's fields are these keys.
VARIABLES = {
    "raw_dir": "EQUITY_RAW_DIR",
    "warehouse_dir": "EQUITY_WAREHOUSE_DIR",
    "pseudonym_key": "EQUITY_PSEUDONYM_KEY",
    "quarantine_threshold": "EQUITY_QUARANTINE_THRESHOLD",
    "timezone": "EQUITY_TIMEZONE",
    "fiscal_year_start_month": "EQUITY_FISCAL_YEAR_START_MONTH",
    "small_cell_threshold": "EQUITY_SMALL_CELL_THRESHOLD",
    "small_department_employees": "EQUITY_SMALL_DEPARTMENT_EMPLOYEES",
    "safe_harbor_persons": "EQUITY_SAFE_HARBOR_PERSONS",
    "safe_harbor_share": "EQUITY_SAFE_HARBOR_SHARE",
    "disparity_min_eligible": "EQUITY_DISPARITY_MIN_ELIGIBLE",
    "published_storage_version": "EQUITY_PUBLISHED_STORAGE_VERSION",
    "publish_postgres_url": "EQUITY_PUBLISH_POSTGRES_URL",
    "publish_postgres_reader": "EQUITY_PUBLISH_POSTGRES_READER",
    "publish_postgres_lock_wait_seconds": "EQUITY_PUBLISH_POSTGRES_LOCK_WAIT_SECONDS",
    "schedule_cron": "EQUITY_SCHEDULE_CRON",
    "schedule_timezone": "EQUITY_SCHEDULE_TIMEZONE",
    "future_as_of_days": "EQUITY_FUTURE_AS_OF_DAYS",
    "settle_seconds": "EQUITY_SETTLE_SECONDS",
    "min_date": "EQUITY_MIN_DATE",
    "future_days": "EQUITY_FUTURE_DAYS",
    "alert_smtp_url": "EQUITY_ALERT_SMTP_URL",
    "alert_email_to": "EQUITY_ALERT_EMAIL_TO",
    "alert_email_from": "EQUITY_ALERT_EMAIL_FROM",
    "alert_webhook_url": "EQUITY_ALERT_WEBHOOK_URL",
    "ui_url": "EQUITY_UI_URL",
    "sensor_interval_seconds": "EQUITY_SENSOR_INTERVAL_SECONDS",
}


def _float(name: str, raw: str | None, default: float) -> float:
    if raw in (None, ""):
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a number, got {raw!r}") from exc


def _int(name: str, raw: str | None, default: int, low: int, high: int) -> int:
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from exc
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high}, got {value}")
    return value


def _zone(name: str, raw: str | None, default: str) -> str:
    """An IANA zone name; refused now, with the variable's name, rather than deep inside a run."""
    value = raw or default
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:  # ValueError: a path-like key such as '../x'
        raise ValueError(f"{name} must be an IANA time zone name such as America/Anchorage, got {value!r}") from exc
    return value


def _cron(name: str, raw: str | None, default: str) -> str:
    value = raw or default
    # The validator Dagster applies to ScheduleDefinition, so what passes here also loads in the UI.
    from dagster._utils.schedules import is_valid_cron_string

    if not is_valid_cron_string(value):
        raise ValueError(
            f"{name} must be a cron expression of 5 fields (minute hour day-of-month month day-of-week), "
            f"such as '0 2 * * *', got {value!r}"
        )
    return value


def _storage_version(name: str, raw: str | None, default: str) -> str:
    value = raw or default
    message = f"{name} must be a DuckDB version such as v1.4.0, got {value!r}"
    # DuckDB names its storage formats by the release that introduced them: v1.4.0, v1.0.0, ...
    if not re.fullmatch(r"v[0-9]+\.[0-9]+\.[0-9]+", value):
        raise ValueError(message)
    # ... and knows which it can write: asked here, at start-up, not when a publish is half built.
    with duckdb.connect() as con:
        try:
            con.execute(f"attach ':memory:' as probe (storage_version '{value}')")
        except duckdb.Error as exc:
            raise ValueError(f"{message} (not a version this DuckDB {duckdb.__version__} can write)") from exc
    return value


def _postgres_url(name: str, raw: str | None) -> str | None:
    if raw in (None, ""):
        return None
    import psycopg  # only when the PostgreSQL publication is configured

    try:
        psycopg.conninfo.conninfo_to_dict(raw)
    except psycopg.ProgrammingError as exc:
        # the parser's message would repeat the URL, password included: not shown
        raise ValueError(
            f"{name} must be a PostgreSQL connection URL such as postgresql://publisher@db.example.org:5432/equity"
        ) from exc
    return raw


def _role(name: str, raw: str | None, default: str) -> str:
    value = raw or default
    # A plain identifier: it is quoted where used, but a role name with capitals or spaces is a slip.
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", value):
        raise ValueError(f"{name} must be a PostgreSQL role name (lower-case letters, digits, _), got {value!r}")
    return value


def _date(name: str, raw: str | None, default: dt.date) -> dt.date:
    if raw in (None, ""):
        return default
    message = f"{name} must be a date YYYY-MM-DD, got {raw!r}"
    # fromisoformat alone also takes 20230914 and week dates; the setting is documented as YYYY-MM-DD.
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw):
        raise ValueError(message)
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise ValueError(message) from exc


def settings_from(env: Mapping[str, str | None]) -> Settings:
    """Validate the settings' raw texts, keyed by variable name (missing or empty: the default).

    Relative paths are relative to the cwd. Every rule and error text lives here, whoever reads the
    variables (the CLI from its environment, the Dagster resource from its fields).
    """
    key = env.get("EQUITY_PSEUDONYM_KEY") or ""
    threshold = _float("EQUITY_QUARANTINE_THRESHOLD", env.get("EQUITY_QUARANTINE_THRESHOLD"), 0.05)
    if not 0 <= threshold <= 1:
        raise ValueError(f"EQUITY_QUARANTINE_THRESHOLD must be in [0, 1], got {threshold}")
    timezone = _zone("EQUITY_TIMEZONE", env.get("EQUITY_TIMEZONE"), "America/Anchorage")
    harbor_share = _float("EQUITY_SAFE_HARBOR_SHARE", env.get("EQUITY_SAFE_HARBOR_SHARE"), 0.05)
    if not 0 < harbor_share <= 1:
        raise ValueError(f"EQUITY_SAFE_HARBOR_SHARE must be in (0, 1], got {harbor_share}")

    def whole(name: str, default: int, low: int, high: int) -> int:
        return _int(name, env.get(name), default, low, high)

    return Settings(
        raw_dir=Path(env.get("EQUITY_RAW_DIR") or PROJECT_ROOT / "data_raw").resolve(),
        warehouse_dir=Path(env.get("EQUITY_WAREHOUSE_DIR") or PROJECT_ROOT / "warehouse").resolve(),
        pseudonym_key=key or DEV_PSEUDONYM_KEY,
        pseudonym_key_is_default=not key,
        quarantine_threshold=threshold,
        timezone=timezone,
        fiscal_year_start_month=whole("EQUITY_FISCAL_YEAR_START_MONTH", 1, 1, 12),
        small_cell_threshold=whole("EQUITY_SMALL_CELL_THRESHOLD", 10, 0, 1_000_000),
        small_department_employees=whole("EQUITY_SMALL_DEPARTMENT_EMPLOYEES", 50, 0, 1_000_000),
        safe_harbor_persons=whole("EQUITY_SAFE_HARBOR_PERSONS", 1000, 1, 100_000_000),
        safe_harbor_share=harbor_share,
        disparity_min_eligible=whole("EQUITY_DISPARITY_MIN_ELIGIBLE", 30, 1, 1_000_000),
        # DuckDB 1.4 readers (most BI drivers embed 1.x) cannot open DuckDB 2.0's newest format.
        published_storage_version=_storage_version(
            "EQUITY_PUBLISHED_STORAGE_VERSION", env.get("EQUITY_PUBLISHED_STORAGE_VERSION"), "v1.4.0"
        ),
        publish_postgres_url=_postgres_url("EQUITY_PUBLISH_POSTGRES_URL", env.get("EQUITY_PUBLISH_POSTGRES_URL")),
        publish_postgres_reader=_role(
            "EQUITY_PUBLISH_POSTGRES_READER", env.get("EQUITY_PUBLISH_POSTGRES_READER"), "equity_reader"
        ),
        # how long the swap waits for readers holding the current tables before it gives up, changing nothing
        publish_postgres_lock_wait_seconds=whole("EQUITY_PUBLISH_POSTGRES_LOCK_WAIT_SECONDS", 60, 1, 86_400),
        schedule_cron=_cron("EQUITY_SCHEDULE_CRON", env.get("EQUITY_SCHEDULE_CRON"), "0 2 * * *"),
        schedule_timezone=_zone("EQUITY_SCHEDULE_TIMEZONE", env.get("EQUITY_SCHEDULE_TIMEZONE"), timezone),
        # A file name dated more than this many days after today is rejected as a typing slip.
        future_as_of_days=whole("EQUITY_FUTURE_AS_OF_DAYS", 7, 0, 100_000),
        # A file modified within this many seconds may still be being copied: skipped this run.
        settle_seconds=whole("EQUITY_SETTLE_SECONDS", 60, 0, 86_400),
        min_date=_date("EQUITY_MIN_DATE", env.get("EQUITY_MIN_DATE"), dt.date(1900, 1, 1)),
        future_days=whole("EQUITY_FUTURE_DAYS", 7, 0, 36_600),
        sensor_interval_seconds=whole("EQUITY_SENSOR_INTERVAL_SECONDS", 60, 1, 86_400),
        **alert_settings(env),
    )


def get_settings() -> Settings:
    """The settings of this process's environment: for the CLI's entry points and tests, not Dagster code
    (assets, checks and the sensor receive them from the `settings` resource, equity_pipeline.resources)."""
    return settings_from(os.environ)


def warn_if_default_key(settings: Settings) -> None:
    if settings.pseudonym_key_is_default:
        warnings.warn(
            DEV_KEY_WARNING,
            PseudonymKeyWarning,
            stacklevel=2,
        )
