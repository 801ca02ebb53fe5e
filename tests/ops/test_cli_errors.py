"""`make run` ends a configuration or storage problem with one clear line, never a traceback."""

import os
import subprocess
import sys

from equity_pipeline.config import PROJECT_ROOT


def run_cli(env_overrides: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    env = {**os.environ, "EQUITY_RAW_DIR": str(tmp_path / "raw"), "EQUITY_WAREHOUSE_DIR": str(tmp_path / "wh")}
    env.pop("DAGSTER_HOME", None)
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-m", "equity_pipeline.cli", "run"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_bad_timezone_is_one_line_and_exit_2(tmp_path) -> None:
    done = run_cli({"EQUITY_TIMEZONE": "America/Anchorge"}, tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stderr.strip().splitlines() == [
        "configuration error: EQUITY_TIMEZONE must be an IANA time zone name such as America/Anchorage, "
        "got 'America/Anchorge'"
    ]
    assert not (tmp_path / "wh").exists()  # refused before anything was written


def test_bad_cron_is_one_line_and_exit_2(tmp_path) -> None:
    done = run_cli({"EQUITY_SCHEDULE_CRON": "0 25 * * *"}, tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stderr.strip().splitlines() == [
        "configuration error: EQUITY_SCHEDULE_CRON must be a cron expression of 5 fields "
        "(minute hour day-of-month month day-of-week), such as '0 2 * * *', got '0 25 * * *'"
    ]


def test_unreachable_postgres_publication_is_one_line_and_nothing_runs(tmp_path) -> None:
    done = run_cli({"EQUITY_PUBLISH_POSTGRES_URL": "postgresql://publisher:s3cret@127.0.0.1:1/equity"}, tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert "s3cret" not in done.stdout + done.stderr  # the password is never shown
    (line,) = [x for x in done.stderr.splitlines() if x.startswith("RUN FAILED")]
    assert line.startswith("RUN FAILED: cannot connect to the PostgreSQL publication at 127.0.0.1:1/equity: ")
    assert line.endswith("; the last publication is unchanged.")
