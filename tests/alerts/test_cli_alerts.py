"""`make run` (the CLI's in-process run, which no alert sensor sees) says its own alerts.

A training roster as of 2023-12-31 only: the refresh publishes, and every source is late (the roster's next
quarter was due 2024-05-15; the other four sources never sent an export), which are warnings, not a failed
run. Then a second `make run` with nothing new starts no run and still says the stale sources.
"""

from __future__ import annotations

import os

import pytest

from tests.alerts.receivers import smtp_server, webhook_receiver
from tests.conftest import TEST_KEY
from tests.publish.test_nothing_new import cli_run
from tests.publish.test_write_audit_publish import FY2023, HEADER


@pytest.fixture(scope="module")
def two_cli_runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cli-alerts")
    folder = tmp / "raw" / "training_roster"
    folder.mkdir(parents=True)
    (folder / "training_roster_2023-12-31.csv").write_text("\n".join([HEADER, *FY2023]) + "\n", encoding="utf-8")
    with smtp_server() as (smtp_url, mailbox), webhook_receiver() as (hook_url, posts):
        env = {
            **os.environ,
            "EQUITY_RAW_DIR": str(tmp / "raw"),
            "EQUITY_WAREHOUSE_DIR": str(tmp / "warehouse"),
            "EQUITY_PSEUDONYM_KEY": TEST_KEY,
            "EQUITY_ALERT_SMTP_URL": smtp_url,
            "EQUITY_ALERT_EMAIL_TO": "equity-office@example.org",
            "EQUITY_ALERT_WEBHOOK_URL": hook_url,
            "EQUITY_UI_URL": "https://dagster.example.org",
        }
        env.pop("EQUITY_PUBLISH_POSTGRES_URL", None)
        first = cli_run(env)
        mail_after_first, posts_after_first = list(mailbox.messages), list(posts)
        second = cli_run(env)
        yield {
            "first": first,
            "second": second,
            "first_mail": mail_after_first,
            "first_posts": posts_after_first,
            "second_mail": mailbox.messages[len(mail_after_first) :],
            "second_posts": posts[len(posts_after_first) :],
        }


def test_stale_sources_are_warnings_the_run_succeeds_and_publishes(two_cli_runs):
    first = two_cli_runs["first"]
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Published " in first.stdout
    assert "CHECK FAILED" not in first.stdout
    assert "  ! training_roster: newest export as of 2023-12-31; the quarterly export as of 2024-03-31 " in first.stdout
    assert "  ! wc_claims: no export received yet" in first.stdout


def test_the_cli_run_sends_its_alert_with_the_run_link(two_cli_runs):
    first = two_cli_runs["first"]
    run_id = first.stdout.rsplit("Run ", 1)[1].split(" succeeded.")[0]
    assert "alert sent by e-mail to equity-office@example.org" in first.stdout
    assert "alert sent to the webhook at http://127.0.0.1" in first.stdout
    (mail,) = two_cli_runs["first_mail"]
    assert mail["Subject"] == "[equity-pipeline] refresh succeeded with 5 warnings (freshness)"
    body = mail.get_content()
    assert f"https://dagster.example.org/runs/{run_id}" in body
    assert "landed/training_roster freshness: training_roster: newest export as of 2023-12-31" in body
    ((post,),) = [two_cli_runs["first_posts"]]
    assert post["json"]["text"].startswith(mail["Subject"])
    assert f"https://dagster.example.org/runs/{run_id}" in post["json"]["text"]


def test_a_night_with_nothing_new_still_says_the_stale_sources(two_cli_runs):
    second = two_cli_runs["second"]
    assert second.returncode == 0, second.stdout + second.stderr
    assert "no run started" in second.stdout
    (mail,) = two_cli_runs["second_mail"]
    assert mail["Subject"] == "[equity-pipeline] 5 warnings, no run started"
    body = mail.get_content()
    assert "training_roster: newest export as of 2023-12-31" in body
    assert "wc_claims: no export received yet" in body
    assert len(two_cli_runs["second_posts"]) == 1
