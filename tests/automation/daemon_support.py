"""A real `dagster-daemon` on a temporary deployment: the production dagster.yaml (PostgreSQL storage, the
queued run coordinator with one run at a time), its own landing folder and warehouse, started as a process
group and stopped with everything it launched."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import dagster as dg

from equity_pipeline.config import PROJECT_ROOT

BIN = Path(sys.executable).parent
TERMINAL = {dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED}
SENSOR_TAG, SCHEDULE_TAG = "dagster/sensor_name", "dagster/schedule_name"
T = TypeVar("T")


@contextmanager
def running_daemon(env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    """`dagster-daemon run` on the project's workspace.yaml, as the systemd unit starts it."""
    with running([str(BIN / "dagster-daemon"), "run", "-w", str(PROJECT_ROOT / "workspace.yaml")], env, log) as p:
        yield p


@contextmanager
def running_webserver(env: dict[str, str], port: int, log: Path) -> Iterator[subprocess.Popen]:
    """`dagster-webserver` on loopback, as its systemd unit starts it."""
    command = [
        str(BIN / "dagster-webserver"),
        "-h",
        "127.0.0.1",
        "-p",
        str(port),
        "-w",
        str(PROJECT_ROOT / "workspace.yaml"),
    ]
    with running(command, env, log) as p:
        yield p


@contextmanager
def running(command: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    """`command` in its own process group, stopped with everything it started."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the code server and the runs it launches
        )
        try:
            yield process
        finally:
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(process.pid, sig)
                    process.wait(timeout=20)
                    break
                except ProcessLookupError:
                    break
                except subprocess.TimeoutExpired:
                    continue


def wait_for(what: str, probe: Callable[[], T | None], timeout: float, log: Path, every: float = 2.0) -> T:
    """Poll `probe` until it returns a value; fail with the daemon's last lines after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(every)
    tail = log.read_text(errors="replace").splitlines()[-40:]
    raise AssertionError(f"after {timeout:.0f} s, still waiting for {what}; the daemon's log ends:\n" + "\n".join(tail))


def sleep_until_between(first: int, last: int) -> dt.datetime:
    """Return at once if the wall clock (UTC) is between `first` and `last` seconds past a minute, else sleep
    until it is `first` seconds past the next; return the moment."""
    now = dt.datetime.now(dt.UTC)
    if first <= now.second <= last:
        return now
    target = now.replace(second=first, microsecond=0)
    if target <= now:
        target += dt.timedelta(minutes=1)
    time.sleep((target - now).total_seconds())
    return dt.datetime.now(dt.UTC)


def refresh_runs(instance: dg.DagsterInstance) -> list[dg.RunRecord]:
    """Every run of the refresh job in the instance, oldest first."""
    records = instance.get_run_records(filters=dg.RunsFilter(job_name="refresh"))
    return sorted(records, key=lambda r: r.create_timestamp)


def finished(records: list[dg.RunRecord]) -> bool:
    return bool(records) and all(r.dagster_run.status in TERMINAL for r in records)


def failure_text(instance: dg.DagsterInstance, record: dg.RunRecord) -> str:
    """What a failed run's failure events said, for the assertion message."""
    lines = [f"run {record.dagster_run.run_id} {record.dagster_run.status.value} {dict(record.dagster_run.tags)}"]
    for entry in instance.all_logs(record.dagster_run.run_id):
        event = entry.dagster_event
        if event is not None and event.is_failure:
            lines.append(f"  {event.step_key}: {event.message}")
    return "\n".join(lines)


def ticks(instance: dg.DagsterInstance, name: str) -> list:
    """The ticks the daemon recorded for the sensor or schedule `name`, newest first."""
    for state in instance.all_instigator_state():
        if state.instigator_name == name:
            return list(instance.get_ticks(state.instigator_origin_id, state.selector_id))
    return []
