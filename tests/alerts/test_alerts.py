"""Alerts, delivered for real: a local SMTP server and a local webhook receive what a real run's failure says."""

from __future__ import annotations

import csv
import logging

import dagster as dg
import duckdb
import pytest

from equity_pipeline.alerts import NOT_SENT, notify_run, notify_warnings
from equity_pipeline.config import Settings, get_settings
from equity_pipeline.resources import EquitySettings
from tests.alerts.receivers import free_port, smtp_server, webhook_receiver
from tests.conftest import CORPUS, TEST_KEY, land, settings_under, stage_case

FIXTURE = CORPUS / "utf8_names" / "hr_workforce" / "hr_workforce_2023-09-30.csv"
with FIXTURE.open(encoding="utf-8") as handle:
    ROWS = list(csv.DictReader(handle))
# What the alerts must never carry: the fixture's names and ids (the run's data holds them)
PERSONAL = [r["first_name"] for r in ROWS] + [r["employee_id"] for r in ROWS]


@pytest.fixture(scope="module")
def receivers():
    with smtp_server() as (smtp_url, mailbox), webhook_receiver() as (hook_url, posts):
        yield {"smtp_url": smtp_url, "mailbox": mailbox, "hook_url": hook_url, "posts": posts}


@pytest.fixture
def inbox(receivers):
    receivers["mailbox"].messages.clear()
    receivers["mailbox"].recipients.clear()
    receivers["posts"].clear()
    receivers["posts"].status = 200
    return receivers


def configure(monkeypatch: pytest.MonkeyPatch, base: Settings, **alert_env: str) -> Settings:
    """The settings of `base`'s warehouse with these EQUITY_ALERT_* / EQUITY_UI_URL variables, as a run reads them."""
    monkeypatch.setenv("EQUITY_RAW_DIR", str(base.raw_dir))
    monkeypatch.setenv("EQUITY_WAREHOUSE_DIR", str(base.warehouse_dir))
    monkeypatch.setenv("EQUITY_PSEUDONYM_KEY", TEST_KEY)
    for name in ("EQUITY_ALERT_SMTP_URL", "EQUITY_ALERT_EMAIL_TO", "EQUITY_ALERT_WEBHOOK_URL", "EQUITY_UI_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in alert_env.items():
        monkeypatch.setenv(name, value)
    return get_settings()


def both(monkeypatch: pytest.MonkeyPatch, base: Settings, inbox: dict) -> Settings:
    return configure(
        monkeypatch,
        base,
        EQUITY_ALERT_SMTP_URL=inbox["smtp_url"],
        EQUITY_ALERT_EMAIL_TO="equity-office@example.org, data-team@example.org",
        EQUITY_ALERT_EMAIL_FROM="equity-pipeline@example.org",
        EQUITY_ALERT_WEBHOOK_URL=inbox["hook_url"],
        EQUITY_UI_URL="http://dagster.example.org:3000/",
    )


def delivered(inbox: dict) -> tuple[str, str]:
    """(the e-mail's subject and body, the webhook's text): what people read."""
    (mail,) = inbox["mailbox"].messages
    (post,) = inbox["posts"]
    assert post["type"].startswith("application/json")
    mail_text = f"{' '.join(str(mail['Subject']).split())}\n{mail.get_content()}".replace("\r\n", "\n")
    return mail_text, post["json"]["text"]


@pytest.fixture(scope="module")
def failed_check_run(tmp_path_factory):
    """A real refresh whose blocking GE check fails: a landed job category replaced by a person's name
    (the quality gate's test pattern). Module-scoped: one run (about 5 s) for the tests reading it."""
    tmp = tmp_path_factory.mktemp("failed_check")
    settings = settings_under(tmp)
    settings.raw_dir.mkdir(parents=True)
    with pytest.MonkeyPatch.context() as mp:
        for name, value in (("EQUITY_RAW_DIR", settings.raw_dir), ("EQUITY_WAREHOUSE_DIR", settings.warehouse_dir),
                            ("EQUITY_PSEUDONYM_KEY", TEST_KEY)):  # fmt: skip
            mp.setenv(name, str(value))
        stage_case(settings, "utf8_names")
        land(settings, "hr_workforce")
        with duckdb.connect(str(settings.warehouse_path)) as con:
            con.execute("update landed.hr_workforce set eeo4_job_category = first_name where employee_id = 'E000002'")
        from equity_pipeline.definitions import defs

        instance = dg.DagsterInstance.ephemeral()
        result = defs.resolve_job_def("refresh").execute_in_process(instance=instance, raise_on_error=False)
    assert not result.success
    return {"settings": settings, "instance": instance, "result": result}


def test_a_failed_blocking_check_reaches_both_channels(failed_check_run, inbox, monkeypatch) -> None:
    run = failed_check_run
    settings = both(monkeypatch, run["settings"], inbox)
    run_id = run["result"].run_id
    said = notify_run(settings, run["instance"], run_id)
    assert said == [
        f"alert sent by e-mail to equity-office@example.org, data-team@example.org (via {inbox['smtp_url'][7:]})",
        f"alert sent to the webhook at {inbox['hook_url'].rsplit('/hooks', 1)[0]}",
    ]
    mail, chat = delivered(inbox)
    assert inbox["mailbox"].recipients == [["equity-office@example.org", "data-team@example.org"]]
    assert inbox["mailbox"].messages[0]["From"] == "equity-pipeline@example.org"
    assert inbox["posts"][0]["path"] == "/hooks/T0/B0/token-of-the-channel"
    for text in (mail, chat):
        assert text.startswith("[equity-pipeline] refresh FAILED: 1 blocking check failed")
        assert "Failed blocking checks:\n  landed/hr_workforce ge_landed_suite: " in text
        assert "expect_column_values_to_be_in_set on eeo4_job_category: 1 unexpected" in text
        assert f"Run: http://dagster.example.org:3000/runs/{run_id}" in text
        assert f"Warehouse: {settings.warehouse_dir}" in text
        assert "Publication: none yet" in text  # this warehouse never published
        assert "Run " + run_id + " of job refresh: FAILURE" in text
    assert mail.strip().endswith(chat.split("\n\n", 1)[1].strip())  # one text, two channels


def test_no_personal_data_in_the_failed_checks_alert(failed_check_run, inbox, monkeypatch) -> None:
    settings = both(monkeypatch, failed_check_run["settings"], inbox)
    notify_run(settings, failed_check_run["instance"], failed_check_run["result"].run_id)
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:  # the run's data holds them
        assert con.execute("select count(*) from landed.hr_workforce where eeo4_job_category = 'Ñunez'").fetchone()
    for text in delivered(inbox):
        assert not [value for value in PERSONAL if value in text]


def test_the_last_publication_stays_is_said(failed_check_run, inbox, monkeypatch, tmp_path) -> None:
    """With a current publication (the pointer the publisher moves), a failed run says it stays."""
    settings = both(monkeypatch, failed_check_run["settings"], inbox)
    from equity_pipeline.publish.layout import pointer

    link = pointer(settings.warehouse_dir)
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to("20261201T000000Z-00000000")
    try:
        notify_run(settings, failed_check_run["instance"], failed_check_run["result"].run_id)
    finally:
        link.unlink()
    for text in delivered(inbox):
        assert "Publication: the last publication stays (20261201T000000Z-00000000); readers see no change." in text


def test_nothing_configured_sends_nothing(failed_check_run, inbox, monkeypatch) -> None:
    settings = configure(monkeypatch, failed_check_run["settings"])
    assert notify_run(settings, failed_check_run["instance"], failed_check_run["result"].run_id) == []
    assert notify_warnings(settings, ["WARNING: wc_claims is 275 days late"]) == []
    assert inbox["mailbox"].messages == [] and inbox["posts"] == []


def test_the_failure_sensor_sends_it(failed_check_run, inbox, monkeypatch) -> None:
    from equity_pipeline.definitions import defs

    settings = both(monkeypatch, failed_check_run["settings"], inbox)
    result, instance = failed_check_run["result"], failed_check_run["instance"]
    context = dg.build_run_status_sensor_context(
        sensor_name="alert_on_failure",
        dagster_event=result.get_run_failure_event(),
        dagster_instance=instance,
        dagster_run=result.dagster_run,
        resources={"settings": EquitySettings()},  # read from the environment, as in the daemon
    ).for_run_failure()
    defs.resolve_sensor_def("alert_on_failure")(context)
    for text in delivered(inbox):
        assert "landed/hr_workforce ge_landed_suite" in text and result.run_id in text
    assert settings.sensor_interval_seconds == defs.resolve_sensor_def("alert_on_failure").minimum_interval_seconds


def test_a_failed_step_is_named_with_its_cause(tmp_path, inbox, monkeypatch) -> None:
    """A real refresh whose landing step fails at once: the warehouse was built with another key."""
    base = settings_under(tmp_path)
    base.raw_dir.mkdir(parents=True)
    stage_case(base, "utf8_names")
    configure(monkeypatch, base)
    land(base, "hr_workforce")
    settings = both(monkeypatch, base, inbox)
    monkeypatch.setenv("EQUITY_PSEUDONYM_KEY", "another-key")
    from equity_pipeline.definitions import defs

    instance = dg.DagsterInstance.ephemeral()
    result = defs.resolve_job_def("refresh").execute_in_process(instance=instance, raise_on_error=False)
    assert not result.success
    notify_run(settings, instance, result.run_id)
    for text in delivered(inbox):
        # the key is the warehouse's: every landing step fails with it, the rest are skipped
        assert text.startswith("[equity-pipeline] refresh FAILED: 5 steps failed")
        assert "\n  landed__hr_workforce: EQUITY_PSEUDONYM_KEY is not the key this warehouse was built " \
               "with" in text  # fmt: skip
        assert f"/runs/{result.run_id}" in text
        assert not [value for value in PERSONAL if value in text]


# A tiny real job for what the refresh cannot produce without the freshness checks: a warn-severity check
# that does not pass, and a step whose error quotes a value from the data.
@dg.asset(key=["landed", "wc_claims"])
def wc_claims_landed() -> None:
    pass


@dg.asset_check(asset=wc_claims_landed, name="freshness", blocking=False)
def wc_claims_freshness() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        passed=False,
        severity=dg.AssetCheckSeverity.WARN,
        description="wc_claims: newest export as of 2025-12-31; expected every 90 days: 275 days late",
    )


@dg.asset(key=["staging", "quotes_a_value"])
def quotes_a_value() -> None:
    name = ROWS[0]["first_name"]
    raise ValueError(f'could not parse hire_date for "{name}" (employee {ROWS[0]["employee_id"]!r}): {[name]}')


def test_a_warning_of_a_successful_run_and_the_warnings_sensor(tmp_path, inbox, monkeypatch) -> None:
    both(monkeypatch, settings_under(tmp_path), inbox)
    instance = dg.DagsterInstance.ephemeral()
    result = dg.materialize([wc_claims_landed, wc_claims_freshness], instance=instance)
    assert result.success
    from equity_pipeline.definitions import defs

    context = dg.build_run_status_sensor_context(
        sensor_name="alert_on_warnings",
        dagster_event=result.get_run_success_event(),
        dagster_instance=instance,
        dagster_run=result.dagster_run,
        resources={"settings": EquitySettings()},
    )
    defs.resolve_sensor_def("alert_on_warnings")(context)
    for text in delivered(inbox):
        assert text.startswith("[equity-pipeline] __ephemeral_asset_job__ succeeded with 1 warning (freshness)")
        assert "Warnings (checks that do not block):\n  landed/wc_claims freshness: wc_claims: newest export as " \
               "of 2025-12-31; expected every 90 days: 275 days late" in text  # fmt: skip
        assert f"/runs/{result.run_id}" in text
        assert "FAILED" not in text


def test_a_successful_run_without_warnings_says_nothing(tmp_path, inbox, monkeypatch) -> None:
    settings = both(monkeypatch, settings_under(tmp_path), inbox)
    instance = dg.DagsterInstance.ephemeral()
    result = dg.materialize([wc_claims_landed], instance=instance)
    assert notify_run(settings, instance, result.run_id) == []
    assert inbox["mailbox"].messages == [] and inbox["posts"] == []


def test_a_quoted_value_in_an_error_is_withheld(tmp_path, inbox, monkeypatch) -> None:
    settings = both(monkeypatch, settings_under(tmp_path), inbox)
    instance = dg.DagsterInstance.ephemeral()
    result = dg.materialize([quotes_a_value], instance=instance, raise_on_error=False)
    assert not result.success
    notify_run(settings, instance, result.run_id)
    for text in delivered(inbox):
        assert "staging__quotes_a_value: ValueError: could not parse hire_date for [value withheld] (employee " \
               "[value withheld]): [value withheld]" in text  # fmt: skip
        assert not [value for value in PERSONAL if value in text]


def test_unreachable_channels_are_one_line_each_and_raise_nothing(failed_check_run, inbox, monkeypatch, caplog):
    settings = configure(
        monkeypatch,
        failed_check_run["settings"],
        EQUITY_ALERT_SMTP_URL=f"smtp://127.0.0.1:{free_port()}",  # nothing listens there
        EQUITY_ALERT_EMAIL_TO="equity-office@example.org",
        EQUITY_ALERT_WEBHOOK_URL=f"http://127.0.0.1:{free_port()}/hooks/secret-token",
    )
    with caplog.at_level(logging.WARNING, logger="equity_pipeline.alerts"):
        said = notify_run(settings, failed_check_run["instance"], failed_check_run["result"].run_id)
    assert len(said) == 2 and all(line.startswith(NOT_SENT) for line in said)
    assert "Connection refused" in said[0] and "ConnectionRefusedError" in said[1]
    assert [r.getMessage() for r in caplog.records] == said
    assert not any("secret-token" in line for line in said)


def test_a_webhook_refusing_the_post_is_said(failed_check_run, inbox, monkeypatch) -> None:
    settings = configure(monkeypatch, failed_check_run["settings"], EQUITY_ALERT_WEBHOOK_URL=inbox["hook_url"])
    inbox["posts"].status = 403
    said = notify_run(settings, failed_check_run["instance"], failed_check_run["result"].run_id)
    assert said == [f"{NOT_SENT} to the webhook at {inbox['hook_url'].rsplit('/hooks', 1)[0]}: HTTP 403 Forbidden"]


def test_warnings_without_a_run(tmp_path, inbox, monkeypatch) -> None:
    settings = both(monkeypatch, settings_under(tmp_path), inbox)
    said = notify_warnings(settings, ["WARNING: wc_claims: newest export as of 2025-12-31; 275 days late", ""])
    assert len(said) == 2
    for text in delivered(inbox):
        assert text.startswith("[equity-pipeline] 1 warning, no run started")
        assert "  WARNING: wc_claims: newest export as of 2025-12-31; 275 days late" in text
        assert "Dagster UI: http://dagster.example.org:3000" in text


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")  # aiosmtpd's, about its own setup
def test_an_smtp_login_from_the_url(tmp_path, monkeypatch) -> None:
    """User and password come from the URL, percent-decoded (a loopback relay may take them without TLS)."""
    with smtp_server(login=("alerts@city", "p@ss:w/rd")) as (url, mailbox):
        settings = configure(
            monkeypatch,
            settings_under(tmp_path),
            EQUITY_ALERT_SMTP_URL=url.replace("smtp://", "smtp://alerts%40city:p%40ss%3Aw%2Frd@"),
            EQUITY_ALERT_EMAIL_TO="equity-office@example.org",
        )
        said = notify_warnings(settings, ["WARNING: a landing-folder entry was skipped"])
        assert said == [f"alert sent by e-mail to equity-office@example.org (via {url[7:]})"]
        assert mailbox.login.attempts == [("alerts@city", "p@ss:w/rd")]
        assert mailbox.messages[0]["Subject"] == "[equity-pipeline] 1 warning, no run started"
