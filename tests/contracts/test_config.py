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
