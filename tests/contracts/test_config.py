"""Settings come from the environment in one place, and bad values are refused there."""

import pytest

from equity_pipeline.config import get_settings
from equity_pipeline.dbt_runtime import dbt_vars


def test_defaults_and_what_dbt_receives(monkeypatch) -> None:
    for name in ("EQUITY_FISCAL_YEAR_START_MONTH", "EQUITY_SMALL_CELL_THRESHOLD", "EQUITY_SMALL_DEPARTMENT_EMPLOYEES",
                 "EQUITY_SAFE_HARBOR_PERSONS", "EQUITY_SAFE_HARBOR_SHARE", "EQUITY_DISPARITY_MIN_ELIGIBLE",
                 "EQUITY_SCHEDULE_CRON", "EQUITY_SCHEDULE_TIMEZONE", "EQUITY_TIMEZONE"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    settings = get_settings()
    assert (settings.fiscal_year_start_month, settings.small_cell_threshold, settings.small_department_employees) == (
        1, 10, 50)  # fmt: skip
    assert (settings.schedule_cron, settings.schedule_timezone) == ("0 2 * * *", "America/Anchorage")
    dbt = dbt_vars(settings)
    assert dbt["fiscal_year_start_month"] == 1 and dbt["small_department_employees"] == 50
    assert (dbt["safe_harbor_persons"], dbt["safe_harbor_share"]) == (1000, 0.05)
    assert dbt["disparity_min_eligible"] == 30


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("EQUITY_FISCAL_YEAR_START_MONTH", "13", "between 1 and 12"),
        ("EQUITY_FISCAL_YEAR_START_MONTH", "July", "whole number"),
        ("EQUITY_SMALL_CELL_THRESHOLD", "-1", "between 0"),
        ("EQUITY_QUARANTINE_THRESHOLD", "1.5", r"\[0, 1\]"),
        ("EQUITY_SAFE_HARBOR_SHARE", "0", r"EQUITY_SAFE_HARBOR_SHARE must be in \(0, 1\]"),
        ("EQUITY_DISPARITY_MIN_ELIGIBLE", "0", "EQUITY_DISPARITY_MIN_ELIGIBLE must be between 1"),
        ("EQUITY_PUBLISHED_STORAGE_VERSION", "1.4", "EQUITY_PUBLISHED_STORAGE_VERSION must be a DuckDB version"),
        ("EQUITY_PUBLISHED_STORAGE_VERSION", "v9.9.9", "not a version this DuckDB"),
        ("EQUITY_SAFE_HARBOR_PERSONS", "many", "EQUITY_SAFE_HARBOR_PERSONS must be a whole number"),
        ("EQUITY_TIMEZONE", "America/Anchorge", "EQUITY_TIMEZONE must be an IANA time zone name"),
        ("EQUITY_TIMEZONE", "../etc/passwd", "EQUITY_TIMEZONE must be an IANA time zone name"),
        ("EQUITY_SCHEDULE_TIMEZONE", "AKST", "EQUITY_SCHEDULE_TIMEZONE must be an IANA time zone name"),
        ("EQUITY_SCHEDULE_CRON", "0 25 * * *", "EQUITY_SCHEDULE_CRON must be a cron expression"),
        ("EQUITY_SCHEDULE_CRON", "nightly", "EQUITY_SCHEDULE_CRON must be a cron expression"),
        ("EQUITY_ALERT_SMTP_URL", "mail.example.org:25", "EQUITY_ALERT_SMTP_URL must be a URL such as smtp://"),
        ("EQUITY_ALERT_SMTP_URL", "smtp://u:pw@mail.example.org:port", "EQUITY_ALERT_SMTP_URL must be a URL"),
        ("EQUITY_ALERT_WEBHOOK_URL", "ftp://hooks.example.org/x", "EQUITY_ALERT_WEBHOOK_URL must be an http"),
        ("EQUITY_ALERT_EMAIL_FROM", "a@example.org,b@example.org", "EQUITY_ALERT_EMAIL_FROM must be one address"),
        ("EQUITY_UI_URL", "127.0.0.1:3000", "EQUITY_UI_URL must be the Dagster UI's http"),
        ("EQUITY_SENSOR_INTERVAL_SECONDS", "0", "EQUITY_SENSOR_INTERVAL_SECONDS must be between 1"),
        ("EQUITY_SENSOR_INTERVAL_SECONDS", "1m", "EQUITY_SENSOR_INTERVAL_SECONDS must be a whole number"),
    ],
)
def test_bad_values_are_refused(monkeypatch, name: str, value: str, message: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=message):
        get_settings()


def test_valid_zone_and_cron_are_kept(monkeypatch) -> None:
    monkeypatch.setenv("EQUITY_TIMEZONE", "Pacific/Honolulu")
    monkeypatch.setenv("EQUITY_SCHEDULE_CRON", "30 1 * * 1-5")
    monkeypatch.delenv("EQUITY_SCHEDULE_TIMEZONE", raising=False)
    settings = get_settings()
    assert (settings.timezone, settings.schedule_timezone, settings.schedule_cron) == (
        "Pacific/Honolulu", "Pacific/Honolulu", "30 1 * * 1-5")  # fmt: skip


ALERT_VARIABLES = ("EQUITY_ALERT_SMTP_URL", "EQUITY_ALERT_EMAIL_TO", "EQUITY_ALERT_EMAIL_FROM",
                   "EQUITY_ALERT_WEBHOOK_URL", "EQUITY_UI_URL", "EQUITY_SENSOR_INTERVAL_SECONDS")  # fmt: skip


def test_alert_settings_default_to_no_alerts(monkeypatch) -> None:
    for name in ALERT_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    settings = get_settings()
    assert (settings.alert_smtp_url, settings.alert_email_to, settings.alert_webhook_url) == (None, (), None)
    assert settings.alert_email_from.startswith("equity-pipeline@")
    assert (settings.ui_url, settings.sensor_interval_seconds) == ("http://127.0.0.1:3000", 60)


def test_alert_settings_are_kept(monkeypatch) -> None:
    monkeypatch.setenv("EQUITY_ALERT_SMTP_URL", "smtp://ops:pw@mail.example.org:587")
    monkeypatch.setenv("EQUITY_ALERT_EMAIL_TO", " equity@example.org,data.team@city.example.gov ")
    monkeypatch.setenv("EQUITY_ALERT_EMAIL_FROM", "pipeline@city.example.gov")
    monkeypatch.setenv("EQUITY_ALERT_WEBHOOK_URL", "https://hooks.slack.com/services/T0/B0/tok")
    monkeypatch.setenv("EQUITY_UI_URL", "https://dagster.city.example.gov/")
    monkeypatch.setenv("EQUITY_SENSOR_INTERVAL_SECONDS", "15")
    s = get_settings()
    assert s.alert_email_to == ("equity@example.org", "data.team@city.example.gov")
    assert (s.alert_email_from, s.ui_url, s.sensor_interval_seconds) == (
        "pipeline@city.example.gov", "https://dagster.city.example.gov", 15)  # fmt: skip


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"EQUITY_ALERT_SMTP_URL": "smtp://ops:s3cret-pw@mail.example.org:587"}, "EQUITY_ALERT_EMAIL_TO must name"),
        ({"EQUITY_ALERT_SMTP_URL": "smtp://ops:s3cret-pw@mail.example.org:587", "EQUITY_ALERT_EMAIL_TO": "ops"},
         "EQUITY_ALERT_EMAIL_TO must be e-mail addresses"),
        ({"EQUITY_ALERT_SMTP_URL": "http://ops:s3cret-pw@mail.example.org"}, "EQUITY_ALERT_SMTP_URL must be"),
        ({"EQUITY_ALERT_WEBHOOK_URL": "hooks.example.org/s3cret-pw"}, "EQUITY_ALERT_WEBHOOK_URL must be"),
    ],
)  # fmt: skip
def test_alert_errors_name_the_variable_and_never_the_secret(monkeypatch, env: dict, message: str) -> None:
    for name in ALERT_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=message) as caught:
        get_settings()
    assert "s3cret-pw" not in str(caught.value)
