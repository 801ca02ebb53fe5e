"""Automation, proven with the real dagster-daemon on the production instance (deploy/dagster.yaml).

One deployment in a temporary folder: run, event-log and schedule storage in a throwaway PostgreSQL
database, the queued run coordinator with one run at a time, a landing folder holding the sample, and a
warehouse that has already published it. The daemon is started as the systemd unit starts it. Then a
correction of the newest training roster is dropped into the landing folder 15 to 45 s before a minute at
which the nightly schedule is due (the test sets its cron to every minute, UTC): the `new_exports`
sensor starts a refresh that lands it and publishes, and the schedule's tick, while that refresh runs,
starts a second refresh, which waits in the queue and runs after it, never beside it. The alert sensor
mails and posts the sensor's run's warnings (the sample's sources are all stale) to local receivers, with
a link to the run in the webserver, also started here as its unit starts it.
"""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import psycopg
import pytest

from equity_pipeline.config import PROJECT_ROOT
from equity_pipeline.instance import PUBLISH_ID_TAG
from equity_pipeline.publish.layout import current_id
from tests.alerts.receivers import free_port, smtp_server, webhook_receiver
from tests.automation.daemon_support import (
    SCHEDULE_TAG,
    SENSOR_TAG,
    TERMINAL,
    failure_text,
    refresh_runs,
    running_daemon,
    running_webserver,
    sleep_until_between,
    ticks,
    wait_for,
)
from tests.postgres_support import sqlalchemy_url, throwaway_database

DEPLOY_YAML = PROJECT_ROOT / "deploy" / "dagster.yaml"
ROSTER = "training_roster_2025-12-31.csv"
CORRECTION = "training_roster_2025-12-31_v2.csv"
ATTENDANCE = (
    "select value from pvr_quarterly where fiscal_year = 2025 and fiscal_quarter = 4 and series_id = 'attendance'"
)


def published_attendance(warehouse: Path) -> float:
    with duckdb.connect(str(warehouse / "published.duckdb"), read_only=True) as con:
        return con.execute(ATTENDANCE).fetchone()[0]


def write_correction(raw: Path) -> str:
    """The newest roster again, with one more employee completing its first session: FY2025 Q4's attendance
    grows by exactly one. Written beside, then renamed in, as a department's copy should be."""
    folder = raw / "training_roster"
    with (folder / ROSTER).open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    first = rows[0]
    in_session = {r["attendee_id"] for r in rows if r["session_id"] == first["session_id"]}
    newcomer = next(f"E{n:06d}" for n in range(1, 10_000) if f"E{n:06d}" not in in_session)
    rows.append({**first, "attendee_id": newcomer, "attendee_name": "Test Attendee", "attendance_status": "Completed"})
    part = folder / f".{CORRECTION}.part"
    with part.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(first))
        writer.writeheader()
        writer.writerows(rows)
    part.rename(folder / CORRECTION)
    return newcomer


@pytest.fixture(scope="module")
def deployment(sample_run, tmp_path_factory):
    """The temporary deployment (module docstring), its instance opened by this process as a reader would."""
    tmp = tmp_path_factory.mktemp("deployment")
    raw, warehouse, home = tmp / "landing", tmp / "warehouse", tmp / "dagster_home"
    shutil.copytree(PROJECT_ROOT / "data_raw", raw)
    # the sample's warehouse and publication, without its own (SQLite) Dagster instance
    shutil.copytree(
        sample_run["settings"].warehouse_dir, warehouse, symlinks=True, ignore=shutil.ignore_patterns(".dagster")
    )
    home.mkdir()
    shutil.copyfile(DEPLOY_YAML, home / "dagster.yaml")
    port = free_port()
    with (
        throwaway_database() as postgres,
        smtp_server() as (smtp_url, mailbox),
        webhook_receiver() as (hook_url, posts),
        pytest.MonkeyPatch.context() as mp,
    ):
        env = {
            **os.environ,
            "DAGSTER_HOME": str(home),
            "EQUITY_DAGSTER_POSTGRES_URL": sqlalchemy_url(postgres.name),
            "EQUITY_DAGSTER_COMPUTE_LOGS": str(tmp / "logs"),
            "EQUITY_RAW_DIR": str(raw),
            "EQUITY_WAREHOUSE_DIR": str(warehouse),
            "EQUITY_PSEUDONYM_KEY": "e2e-key",  # the sample run's
            "EQUITY_SETTLE_SECONDS": "0",
            "EQUITY_SCHEDULE_CRON": "* * * * *",
            "EQUITY_SCHEDULE_TIMEZONE": "UTC",
            "EQUITY_SENSOR_INTERVAL_SECONDS": "5",
            "EQUITY_ALERT_SMTP_URL": smtp_url,
            "EQUITY_ALERT_EMAIL_TO": "equity-office@example.org",
            "EQUITY_ALERT_WEBHOOK_URL": hook_url,
            "EQUITY_UI_URL": f"http://127.0.0.1:{port}",
        }
        env.pop("EQUITY_PUBLISH_POSTGRES_URL", None)
        for name in ("EQUITY_DAGSTER_POSTGRES_URL", "EQUITY_DAGSTER_COMPUTE_LOGS"):
            mp.setenv(name, env[name])
        # Opened before the daemon starts: it creates the storage's tables, so the two never race to.
        with dg.DagsterInstance.from_config(str(home)) as instance:
            yield {
                "env": env,
                "raw": raw,
                "warehouse": warehouse,
                "instance": instance,
                "postgres": postgres,
                "log": tmp / "daemon.log",
                "webserver_log": tmp / "webserver.log",
                "port": port,
                "mailbox": mailbox,
                "posts": posts,
            }


def _status_or_none(client, run_id: str) -> dg.DagsterRunStatus | None:
    """The run's status as the webserver's GraphQL API says it; None while the webserver is not up yet."""
    from dagster_graphql import DagsterGraphQLClientError

    try:
        return client.get_run_status(run_id)
    except DagsterGraphQLClientError:
        return None


@pytest.fixture(scope="module")
def triggered(deployment):
    """Start the daemon, drop the correction, and wait until the sensor's and the schedule's runs ended."""
    d = deployment
    instance, log = d["instance"], d["log"]
    before = published_attendance(d["warehouse"])
    publication_before = current_id(d["warehouse"])
    with running_daemon(d["env"], log), running_webserver(d["env"], d["port"], d["webserver_log"]):
        # its first look: the warehouse already holds every file of the landing folder, so no run
        first = wait_for("the sensor's first tick", lambda: ticks(instance, "new_exports"), 180, log)
        # 15 to 45 s before the minute: the sensor (every 5 s) sees it before then, and its refresh (a minute
        # at least) still runs when the schedule's tick comes
        dropped_at = sleep_until_between(15, 45)
        newcomer = write_correction(d["raw"])

        def both_ended() -> tuple | None:
            runs = [r for r in refresh_runs(instance) if r.create_timestamp >= dropped_at]
            by_sensor = [r for r in runs if SENSOR_TAG in r.dagster_run.tags]
            by_schedule = [r for r in runs if SCHEDULE_TAG in r.dagster_run.tags]
            # the first of each: a later minute's tick may start another run while these end
            if (
                by_sensor
                and by_schedule
                and all(r.dagster_run.status in TERMINAL for r in (by_sensor[0], by_schedule[0]))
            ):
                return by_sensor[:1], by_schedule[:1]
            return None

        by_sensor, by_schedule = wait_for("the sensor's and the schedule's refreshes", both_ended, 480, log)
        sensor_run_id = by_sensor[0].dagster_run.run_id

        def alerted() -> tuple | None:  # by the alert sensor, which sees the daemon's runs
            mails = [m for m in d["mailbox"].messages if sensor_run_id in m.get_content()]
            hooks = [p for p in d["posts"] if sensor_run_id in p["json"]["text"]]
            return (mails, hooks) if mails and hooks else None

        mails, hooks = wait_for("the alert on the sensor's run", alerted, 120, log)
        # the link's UI (the webserver on loopback, reading the same PostgreSQL storage) knows that run
        from dagster_graphql import DagsterGraphQLClient

        client = DagsterGraphQLClient("127.0.0.1", port_number=d["port"])
        ui_status = wait_for("the webserver", lambda: _status_or_none(client, sensor_run_id), 120, d["webserver_log"])
    return {
        "ui_status": ui_status,
        "mails": mails,
        "hooks": hooks,
        **d,
        "first_tick": first[-1],
        "before": before,
        "publication_before": publication_before,
        "newcomer": newcomer,
        "by_sensor": by_sensor,
        "by_schedule": by_schedule,
        "all_runs": refresh_runs(instance),
    }


def test_sensor_first_tick_starts_nothing_when_every_file_is_known(triggered):
    tick = triggered["first_tick"]
    assert not tick.run_ids
    assert "every export is already in the ingest manifest" in (tick.skip_reason or "")


def test_the_sensor_lands_the_correction_and_publishes(triggered):
    instance = triggered["instance"]
    (run,) = triggered["by_sensor"]
    assert run.dagster_run.status == dg.DagsterRunStatus.SUCCESS, failure_text(instance, run)
    publish_id = run.dagster_run.tags[PUBLISH_ID_TAG]
    assert publish_id != triggered["publication_before"]
    assert current_id(triggered["warehouse"]) == publish_id
    # one more completed attendance in FY2025 Q4, as the correction says
    assert published_attendance(triggered["warehouse"]) == triggered["before"] + 1
    with duckdb.connect(str(triggered["warehouse"] / "equity.duckdb"), read_only=True) as con:
        landed = con.execute(
            "select status, run_id from audit.ingest_manifest where file_name = ?", [CORRECTION]
        ).fetchall()
    assert landed == [("loaded", run.dagster_run.run_id)]


def test_the_schedule_tick_starts_a_refresh_that_waits_its_turn(triggered):
    instance = triggered["instance"]
    (sensor_run,) = triggered["by_sensor"]
    (schedule_run,) = triggered["by_schedule"]
    assert schedule_run.dagster_run.status == dg.DagsterRunStatus.SUCCESS, failure_text(instance, schedule_run)
    assert schedule_run.dagster_run.tags[SCHEDULE_TAG] == "nightly_refresh"
    # queued while the sensor's refresh ran, started only once it had ended
    assert schedule_run.create_timestamp.timestamp() < sensor_run.end_time
    assert schedule_run.start_time >= sensor_run.end_time
    # the correction was already landed and published: this refresh found nothing new to publish
    assert PUBLISH_ID_TAG not in schedule_run.dagster_run.tags


def test_no_two_runs_ever_ran_together(triggered):
    # (a later tick's run still going when the daemon was stopped has no end: it started after these ended)
    spans = sorted((r.start_time, r.end_time or float("inf")) for r in triggered["all_runs"] if r.start_time)
    assert len(spans) >= 2
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        assert start >= end


def test_the_runs_are_read_back_from_postgresql(triggered):
    instance = triggered["instance"]
    assert type(instance.run_storage).__name__ == "PostgresRunStorage"
    assert type(instance.event_log_storage).__name__ == "PostgresEventLogStorage"
    assert type(instance.schedule_storage).__name__ == "PostgresScheduleStorage"
    ids = {r.dagster_run.run_id for r in triggered["by_sensor"] + triggered["by_schedule"]}
    with psycopg.connect(triggered["postgres"].url) as con:
        stored = dict(con.execute("select run_id, status from runs where run_id = any(%s)", [list(ids)]).fetchall())
    assert stored == dict.fromkeys(ids, "SUCCESS")


def test_the_alert_sensor_says_the_stale_sources_with_a_link_the_webserver_answers(triggered):
    (run,) = triggered["by_sensor"]
    run_id = run.dagster_run.run_id
    mail = triggered["mails"][0]
    assert mail["Subject"] == "[equity-pipeline] refresh succeeded with 5 warnings (freshness)"
    body = mail.get_content()
    # the sample's newest exports are as of 2025-12-31: every source is late (tests/e2e/test_freshness.py)
    for source in ("board_roster", "hr_workforce", "language_access", "training_roster", "wc_claims"):
        assert f"landed/{source} freshness: {source}: newest export as of 2025-12-31" in body
    link = f"http://127.0.0.1:{triggered['port']}/runs/{run_id}"
    assert link in body and link in triggered["hooks"][0]["json"]["text"]
    assert "Test Attendee" not in body  # the correction's one name stays in the warehouse
    # the link's UI (the webserver on loopback, reading the same PostgreSQL storage) knows that run
    assert triggered["ui_status"] == dg.DagsterRunStatus.SUCCESS
