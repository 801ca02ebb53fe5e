"""The settings resource reads each run's environment unless given values; dbt receives them as --vars."""

import json
from pathlib import Path

import pytest

from equity_pipeline.config import VARIABLES, Settings
from equity_pipeline.dbt_runtime import DBT_TARGET_ROOT, dbt_project, dbt_vars, target_name, vars_args
from equity_pipeline.resources import EquitySettings


def test_unset_fields_are_read_from_the_environment_when_first_used(monkeypatch) -> None:
    resource = EquitySettings()
    monkeypatch.setenv("EQUITY_FISCAL_YEAR_START_MONTH", "7")  # after the resource was made, as in the tests
    monkeypatch.delenv("EQUITY_TIMEZONE", raising=False)
    settings = resource.settings
    assert (settings.fiscal_year_start_month, settings.timezone) == (7, "America/Anchorage")


def test_from_environment_fixes_the_values_it_saw(monkeypatch) -> None:
    monkeypatch.setenv("EQUITY_SMALL_CELL_THRESHOLD", "5")
    monkeypatch.delenv("EQUITY_PSEUDONYM_KEY", raising=False)
    resource = EquitySettings.from_environment()
    monkeypatch.setenv("EQUITY_SMALL_CELL_THRESHOLD", "20")
    monkeypatch.setenv("EQUITY_PSEUDONYM_KEY", "set-too-late")
    settings = resource.settings
    assert settings.small_cell_threshold == 5
    # a secret is never fixed into the resource (its config is stored by Dagster): read when used
    assert settings.pseudonym_key == "set-too-late"
    assert set(VARIABLES) == set(EquitySettings.model_fields)


def test_secrets_never_reach_dagsters_run_storage(tmp_path, monkeypatch) -> None:
    """A run as `make run` makes it (resource from_environment, a persistent instance): the key and the
    PostgreSQL password are used by the run, and found nowhere in what Dagster wrote."""
    import dagster as dg
    from dagster._serdes import serialize_value

    key, password = "k3y-that-must-stay-secret", "pg-pa55word-secret"
    monkeypatch.setenv("EQUITY_PSEUDONYM_KEY", key)
    monkeypatch.setenv("EQUITY_PUBLISH_POSTGRES_URL", f"postgresql://publisher:{password}@db.example.org/equity")
    # the alert URLs: an SMTP password, a webhook's token
    monkeypatch.setenv("EQUITY_ALERT_SMTP_URL", f"smtp://ops:{password}@mail.example.org:587")
    monkeypatch.setenv("EQUITY_ALERT_EMAIL_TO", "equity@example.org")
    monkeypatch.setenv("EQUITY_ALERT_WEBHOOK_URL", f"https://hooks.example.org/services/{key}")
    seen = {}

    @dg.asset
    def uses_settings(settings: EquitySettings) -> None:
        seen["key"], seen["url"] = settings.settings.pseudonym_key, settings.settings.publish_postgres_url
        seen["smtp"], seen["hook"] = settings.settings.alert_smtp_url, settings.settings.alert_webhook_url

    (tmp_path / "dagster_home").mkdir()
    with dg.instance_for_test(temp_dir=str(tmp_path / "dagster_home")) as instance:
        result = dg.materialize(
            [uses_settings], instance=instance, resources={"settings": EquitySettings.from_environment()}
        )
        run = instance.get_run_by_id(result.run_id)
        # what the UI shows and the run storage keeps (compressed on disk): the job's snapshot, its config
        stored = serialize_value(instance.get_job_snapshot(run.job_snapshot_id)) + json.dumps(run.run_config)
    assert result.success and seen["key"] == key and password in seen["url"]
    assert password in seen["smtp"] and key in seen["hook"]
    assert "uses_settings" in stored and "small_cell_threshold" in stored  # the search looks at the right text
    assert key not in stored and password not in stored


def test_a_bad_field_is_refused_with_the_variables_name() -> None:
    with pytest.raises(ValueError, match="EQUITY_FISCAL_YEAR_START_MONTH must be between 1 and 12, got 13"):
        EquitySettings(fiscal_year_start_month="13").settings  # noqa: B018


def test_dbt_receives_the_settings_as_vars(tmp_path: Path) -> None:
    settings: Settings = EquitySettings.from_environment(
        {
            "EQUITY_WAREHOUSE_DIR": str(tmp_path),
            "EQUITY_TIMEZONE": "Pacific/Honolulu",
            "EQUITY_FISCAL_YEAR_START_MONTH": "7",
            "EQUITY_SMALL_DEPARTMENT_EMPLOYEES": "0",
            "EQUITY_SAFE_HARBOR_SHARE": "0.003",
        }
    ).settings
    expected = {
        "duckdb_path": str(tmp_path / "equity.duckdb"),
        "timezone": "Pacific/Honolulu",
        "fiscal_year_start_month": 7,
        "small_cell_threshold": 10,
        "small_department_employees": 0,
        "safe_harbor_persons": 1000,
        "safe_harbor_share": 0.003,
        "disparity_min_eligible": 30,
    }
    assert dbt_vars(settings) == expected
    flag, text = vars_args(settings)
    assert flag == "--vars" and json.loads(text) == expected


def test_make_ui_and_make_run_parse_into_separate_target_folders(monkeypatch) -> None:
    monkeypatch.setenv("EQUITY_DBT_TARGET", "test-gw7")  # a test worker's own folder wins over both
    monkeypatch.setenv("DAGSTER_IS_DEV_CLI", "1")
    assert target_name() == "test-gw7"
    monkeypatch.delenv("EQUITY_DBT_TARGET")
    monkeypatch.setenv("DAGSTER_IS_DEV_CLI", "1")  # set by `dagster dev` in its code server and run workers
    assert target_name() == "ui"
    monkeypatch.delenv("DAGSTER_IS_DEV_CLI")
    assert target_name() == "run"
    assert dbt_project("ui").manifest_path == DBT_TARGET_ROOT / "ui" / "manifest.json"
    assert dbt_project("run").manifest_path == DBT_TARGET_ROOT / "run" / "manifest.json"
