"""No refresh without a reason (issue 14, item 5): a refresh that finds nothing new keeps the publication,
and the sensor's first tick starts nothing when the ingest manifest already knows every export.

The fixture is the hand-computed training roster of test_write_audit_publish (FY2022 attendance 43).
"""

import contextlib
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import dagster as dg
import duckdb
import pytest

from equity_pipeline.config import PROJECT_ROOT, get_settings
from equity_pipeline.contracts import all_contracts
from equity_pipeline.ingest.landing_state import already_ingested
from equity_pipeline.instance import PUBLISH_ID_TAG, ensure_dagster_home
from equity_pipeline.publish.inputs import nothing_to_do
from equity_pipeline.publish.layout import current_id, versions_dir
from equity_pipeline.publish.unchanged import unchanged_publication
from equity_pipeline.resources import EquitySettings
from tests.alerts.receivers import smtp_server, webhook_receiver
from tests.conftest import TEST_KEY
from tests.publish.test_write_audit_publish import FY2022, FY2023, HEADER

PUBLICATION = dg.AssetKey(["published", "publication"])


def write(raw, name: str, rows: list[str]) -> None:
    folder = raw / "training_roster"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nothing-new")
    values = {
        "EQUITY_RAW_DIR": str(tmp / "raw"),
        "EQUITY_WAREHOUSE_DIR": str(tmp / "warehouse"),
        "EQUITY_PSEUDONYM_KEY": TEST_KEY,
    }
    write(tmp / "raw", "training_roster_2022-12-31.csv", FY2022)
    write(tmp / "raw", "training_roster_2023-12-31.csv", FY2023)
    with pytest.MonkeyPatch.context() as mp:
        for name, value in values.items():
            mp.setenv(name, value)
        yield values


def cli_run(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "equity_pipeline.cli", "run"],
        cwd=PROJECT_ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def twice(env):
    """Two `make run`s, with the alerts going to real receivers on 127.0.0.1: the first publishes (every source
    stale: warnings, not a failure); the second, on the same exports, finds nothing new and starts no run."""
    settings = get_settings()
    with smtp_server() as (smtp_url, mailbox), webhook_receiver() as (hook_url, posts):
        alerting = {
            **env,
            "EQUITY_ALERT_SMTP_URL": smtp_url,
            "EQUITY_ALERT_EMAIL_TO": "equity-office@example.org",
            "EQUITY_ALERT_WEBHOOK_URL": hook_url,
            "EQUITY_UI_URL": "https://dagster.example.org",
        }
        first_cli = cli_run(alerting)
        assert first_cli.returncode == 0, first_cli.stdout + first_cli.stderr
        first_mail, first_posts = list(mailbox.messages), list(posts)
        first_id = current_id(settings.warehouse_dir)
        second = cli_run(alerting)
    run_id = re.search(r"^Run (\S+) succeeded\.$", first_cli.stdout, re.MULTILINE).group(1)
    return {
        "settings": settings,
        "first": SimpleNamespace(run_id=run_id, stdout=first_cli.stdout),
        "first_id": first_id,
        "second": second,
        "first_mail": first_mail,
        "first_posts": first_posts,
        "second_mail": mailbox.messages[len(first_mail) :],
        "second_posts": posts[len(first_posts) :],
    }


def test_stale_sources_are_warnings_the_run_succeeds_and_publishes(twice) -> None:
    first = twice["first"].stdout
    assert f"Published {twice['first_id']} at " in first
    assert "CHECK FAILED" not in first
    assert "  ! training_roster: newest export as of 2023-12-31; the quarterly export as of 2024-03-31 " in first
    assert "  ! wc_claims: no export received yet" in first.splitlines()


def test_make_run_sends_its_own_alert_with_the_run_link(twice) -> None:
    """No alert sensor sees an in-process run: `make run` says its own."""
    first, run_id = twice["first"].stdout, twice["first"].run_id
    assert "alert sent by e-mail to equity-office@example.org" in first
    assert "alert sent to the webhook at http://127.0.0.1" in first
    (mail,) = twice["first_mail"]
    assert mail["Subject"] == "[equity-pipeline] refresh succeeded with 5 warnings (freshness)"
    body = mail.get_content()
    assert f"https://dagster.example.org/runs/{run_id}" in body
    assert "landed/training_roster freshness: training_roster: newest export as of 2023-12-31" in body
    (post,) = twice["first_posts"]
    assert post["json"]["text"].startswith(mail["Subject"])
    assert f"https://dagster.example.org/runs/{run_id}" in post["json"]["text"]


def test_a_night_with_nothing_new_still_says_the_stale_sources(twice) -> None:
    second = twice["second"]
    assert "no run started" in second.stdout
    (mail,) = twice["second_mail"]
    assert mail["Subject"] == "[equity-pipeline] 5 warnings, no run started"
    body = mail.get_content()
    assert "training_roster: newest export as of 2023-12-31" in body
    assert "wc_claims: no export received yet" in body
    assert len(twice["second_posts"]) == 1


def test_a_refresh_with_nothing_new_keeps_the_publication(twice) -> None:
    settings, second = twice["settings"], twice["second"]
    assert second.returncode == 0, second.stdout + second.stderr
    assert current_id(settings.warehouse_dir) == twice["first_id"]
    assert [p.name for p in versions_dir(settings.warehouse_dir).iterdir() if p.name != "current"] == [
        twice["first_id"]
    ]
    assert f"Nothing new; publication {twice['first_id']} (published " in second.stdout
    assert not re.search(r"^Published \d", second.stdout, re.MULTILINE)
    with duckdb.connect(str(settings.warehouse_dir / "published.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from publication_log").fetchall() == [(1,)]
        # the hand-computed figure is still there, from the first publication
        assert con.execute(
            "select value, publish_id from pvr_quarterly where series_id = 'attendance' and fiscal_year = 2022 "
            "and fiscal_quarter = 4"
        ).fetchall() == [(40.0, twice["first_id"])]


def test_a_refresh_with_nothing_new_starts_no_run(twice) -> None:
    settings, second = twice["settings"], twice["second"]
    assert "no run started" in second.stdout
    assert "Running with dbt" not in second.stdout  # neither dbt's parse nor its build
    # freshness, live from the warehouse even without a run: the roster as of 2023-12-31 is quarterly with
    # 45 days' grace, so the 2024-03-31 export was due 2024-05-15; the other sources sent nothing
    today = dt.datetime.now(ZoneInfo("America/Anchorage")).date()
    late = (today - dt.date(2024, 5, 15)).days
    assert (
        "  ! training_roster: newest export as of 2023-12-31; the quarterly export as of 2024-03-31 was due by "
        f"2024-05-15 (45 days' grace): {late} days late"
    ) in second.stdout.splitlines()
    assert "  ! wc_claims: no export received yet" in second.stdout.splitlines()
    assert second.stdout.index("Source freshness") < second.stdout.index("Nothing new; publication")
    with dg.DagsterInstance.from_config(str(ensure_dagster_home(settings))) as instance:
        (only,) = instance.get_runs()
        assert only.run_id == twice["first"].run_id
        assert only.tags[PUBLISH_ID_TAG] == twice["first_id"]
        assert only.tags["equity/warehouse"] == str(settings.warehouse_dir)


def test_a_run_started_anyway_rebuilds_no_model_and_keeps_the_publication(twice) -> None:
    """The schedule and the sensor start no run either (nothing_to_do); a run launched from the UI still
    lands nothing, validates nothing again and skips dbt, so Dagster skips the marts' gates, the publication
    and the report: their latest materializations stay the first run's."""
    settings = twice["settings"]
    from equity_pipeline.definitions import defs

    with dg.DagsterInstance.from_config(str(ensure_dagster_home(settings))) as instance:
        third = defs.resolve_job_def("refresh").execute_in_process(instance=instance, raise_on_error=False)
        assert third.success
        materialized = {e.asset_key.to_user_string() for e in third.get_asset_materialization_events()}
        assert not any(k.startswith(("staging/", "intermediate/", "marts/")) for k in materialized)
        assert "landed/training_roster" in materialized
        landed_check = next(
            e
            for e in third.get_asset_check_evaluations()
            if e.asset_check_key.to_user_string() == "landed/training_roster:ge_landed_suite"
        )
        assert landed_check.passed and "no new rows to validate; 2 file(s) held" in landed_check.description
        assert "published/publication" not in materialized and "published/pvr_report" not in materialized
        latest = instance.get_latest_materialization_event(PUBLICATION)
        assert latest.run_id == twice["first"].run_id
        assert latest.asset_materialization.metadata["publish_id"].value == twice["first_id"]
        assert PUBLISH_ID_TAG not in instance.get_run_by_id(third.run_id).tags
    assert current_id(settings.warehouse_dir) == twice["first_id"]


def test_the_nightly_schedule_checks_only_freshness_when_nothing_is_new(twice) -> None:
    """Nothing to refresh, but a department that stopped sending is still news: the tick asks for the sources'
    freshness checks alone, and that run lands, builds and publishes nothing."""
    from equity_pipeline.definitions import defs
    from equity_pipeline.defs.freshness import FRESHNESS_CHECK_KEYS

    settings = twice["settings"]
    schedule = defs.resolve_schedule_def("nightly_refresh")
    with (
        dg.DagsterInstance.from_config(str(ensure_dagster_home(settings))) as instance,
        dg.build_schedule_context(instance=instance, resources={"settings": EquitySettings.from_environment()}) as ctx,
    ):
        data = schedule.evaluate_tick(ctx)
    (request,) = data.run_requests
    assert request.asset_selection == []
    assert set(request.asset_check_keys) == set(FRESHNESS_CHECK_KEYS)
    assert request.tags["equity/kind"] == "freshness"
    assert request.tags["equity/unchanged_publication"] == twice["first_id"]
    # the run the daemon would launch for it: the job's subset of those checks
    job = defs.resolve_job_def("refresh").get_subset(
        asset_selection=set(request.asset_selection), asset_check_selection=set(request.asset_check_keys)
    )
    with dg.DagsterInstance.from_config(str(ensure_dagster_home(settings))) as instance:
        result = job.execute_in_process(instance=instance, tags=request.tags, raise_on_error=False)
    assert result.success
    assert result.get_asset_materialization_events() == []
    evaluations = {e.asset_key.to_user_string(): e for e in result.get_asset_check_evaluations()}
    assert set(evaluations) == {f"landed/{source}" for source in all_contracts()}
    # the fixture's newest roster is as of 2023-12-31: long overdue; the other sources never sent one
    assert not evaluations["landed/training_roster"].passed
    assert "newest export as of 2023-12-31" in evaluations["landed/training_roster"].description
    assert "no export received yet" in evaluations["landed/wc_claims"].description
    assert current_id(settings.warehouse_dir) == twice["first_id"]


def copy_of(settings, target):
    """A copy of the warehouse (publications and links too) to change without touching the module's."""
    shutil.copytree(settings.warehouse_dir, target, symlinks=True, ignore=shutil.ignore_patterns(".dagster"))
    os.environ["EQUITY_WAREHOUSE_DIR"] = str(target)
    try:
        return get_settings()
    finally:
        os.environ["EQUITY_WAREHOUSE_DIR"] = str(settings.warehouse_dir)


@pytest.mark.parametrize(
    "change",
    [
        "update marts.pvr_quarterly set value = value + 1 where series_id = 'attendance' and fiscal_year = 2023",
        # the same values, one row more
        "insert into marts.pvr_quarterly select * from marts.pvr_quarterly limit 1",
        "delete from marts.pvr_annual where fiscal_year = 2022",
        # a file loaded since (its rows changed no figure: the publication must still record it)
        "insert into audit.ingest_manifest (source, file_name, file_sha256, status, rows_landed, processed_at) "
        "values ('wc_claims', 'wc_claims_2023-12-31.csv', 'ab12', 'loaded', 0, now())",
    ],
)
def test_a_changed_figure_or_file_is_a_reason_to_publish(twice, tmp_path, change) -> None:
    settings = copy_of(twice["settings"], tmp_path / "warehouse")
    with duckdb.connect(str(settings.warehouse_path)) as con:
        assert unchanged_publication(settings, con) == twice["first_id"]  # the copy, unchanged
        con.execute(change)
        assert unchanged_publication(settings, con) is None


def test_the_sensor_starts_nothing_on_its_first_tick_when_nothing_is_new(twice, env) -> None:
    from equity_pipeline.definitions import defs

    sensor = defs.get_sensor_def("new_exports")

    def first_tick():
        resources = {"settings": EquitySettings.from_environment()}
        # the instance is asked first whether a refresh is in flight (none here)
        with (
            dg.instance_for_test() as instance,
            dg.build_sensor_context(instance=instance, cursor=None, resources=resources) as ctx,
        ):
            return sensor(ctx)

    quiet = first_tick()
    assert isinstance(quiet, dg.SensorResult) and not quiet.run_requests
    assert quiet.cursor  # the fingerprint, so the next tick compares with it
    raw = twice["settings"].raw_dir
    write(raw, "training_roster_2024-03-31.csv", FY2023[:1])
    try:
        started = first_tick()
        assert isinstance(started, dg.SensorResult) and len(started.run_requests) == 1
    finally:
        (raw / "training_roster" / "training_roster_2024-03-31.csv").unlink()


@contextlib.contextmanager
def another_process_holding(warehouse_path, read_only: bool = True):
    """A process holding the warehouse open without the writer lock: read-only, as a refresh's GE gate does."""
    code = (
        "import duckdb, sys, time\n"
        f"con = duckdb.connect({str(warehouse_path)!r}, read_only={read_only})\n"
        "print('open', flush=True)\n"
        "time.sleep(120)\n"
    )
    reader = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "open"
        yield
    finally:
        reader.kill()
        reader.wait()


def test_a_schedule_tick_during_a_refresh_is_not_an_error(twice) -> None:
    """The nightly tick can come while a run's gate holds the warehouse open (seen with the real daemon: the
    tick failed with DuckDB's lock error). Busy is not nothing new: the tick asks for a run, which queues."""
    settings = twice["settings"]
    with another_process_holding(settings.warehouse_path):
        assert nothing_to_do(settings) is None
    with another_process_holding(settings.warehouse_path, read_only=False):  # the sensor's first look, likewise
        assert already_ingested(settings, all_contracts()) is None
    assert nothing_to_do(settings) == twice["first_id"]


def test_ticks_leave_the_warehouse_alone_while_a_refresh_is_queued_or_running(twice, tmp_path) -> None:
    """Seen with the real daemon: the schedule's tick held the writer lock between two steps of a running
    refresh, whose next step then failed. While a refresh is in flight, a tick does not open the warehouse:
    the schedule queues one refresh after it, the sensor's first tick looks again later."""
    from equity_pipeline.definitions import defs

    with dg.instance_for_test(temp_dir=str(tmp_path)) as instance:
        running = instance.add_run(
            dg.DagsterRun(job_name="refresh", run_id="0" * 8 + "-running", status=dg.DagsterRunStatus.STARTED)
        )
        resources = {"settings": EquitySettings.from_environment()}
        with dg.build_schedule_context(instance=instance, resources=resources) as ctx:
            data = defs.resolve_schedule_def("nightly_refresh").evaluate_tick(ctx)
        (request,) = data.run_requests
        assert request.run_key == f"after-{running.run_id}" and not request.asset_check_keys
        with dg.build_sensor_context(instance=instance, cursor=None, resources=resources) as ctx:
            result = defs.get_sensor_def("new_exports")(ctx)
        assert "a refresh is queued or running" in result.skip_message
