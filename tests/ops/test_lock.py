"""One writer, for real: an OS-level lock on the working warehouse, held by every writer.

Two real processes: a holder subprocess takes the lock and waits; the CLI, the lock itself and a
retrying asset in another process must then refuse at once, saying who holds it.
"""

import os
import re
import subprocess
import sys
import textwrap
import time

import dagster as dg
import pytest

from equity_pipeline.config import PROJECT_ROOT
from equity_pipeline.resources import EquitySettings

# As the Definitions bind it: read from the environment the test set when the run starts.
SETTINGS_RESOURCE = {"settings": EquitySettings()}

HOLDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from equity_pipeline.lock import refresh_lock
    with refresh_lock(Path(sys.argv[1])):
        print("held", flush=True)
        sys.stdin.readline()
    """
)
MESSAGE = re.compile(r"another refresh is running \(pid (\d+), started \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)")


@pytest.fixture
def holder(make_settings):
    """A second process holding the warehouse lock until the test ends."""
    settings = make_settings()
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(settings.warehouse_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=PROJECT_ROOT,
    )
    assert proc.stdout.readline().strip() == "held"
    yield settings, proc
    proc.communicate("done\n", timeout=30)


def test_a_second_process_is_refused_naming_the_holder(holder) -> None:
    from equity_pipeline.lock import RefreshLocked, refresh_lock

    settings, proc = holder
    with pytest.raises(RefreshLocked) as caught, refresh_lock(settings.warehouse_dir):
        pass
    match = MESSAGE.search(str(caught.value))
    assert match and int(match.group(1)) == proc.pid


def test_the_cli_says_another_refresh_is_running_and_does_not_start(holder) -> None:
    settings, proc = holder
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "equity_pipeline.cli", "run"],
        cwd=PROJECT_ROOT,
        env={k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and MESSAGE.search(lines[0]) and f"pid {proc.pid}," in lines[0]
    assert lines[0].endswith("; this run did not start. Try again when it has finished.")
    assert not settings.warehouse_path.exists()  # nothing was landed
    assert time.monotonic() - started < 60  # refused up front, not after dbt parsing and retries


def test_a_writing_asset_fails_once_without_retrying(holder) -> None:
    from equity_pipeline.defs.ingest import LANDED_ASSETS

    settings, proc = holder
    training = next(a for a in LANDED_ASSETS if a.key == dg.AssetKey(["landed", "training_roster"]))
    result = dg.materialize(
        [training], raise_on_error=False, instance=dg.DagsterInstance.ephemeral(), resources=SETTINGS_RESOURCE
    )
    assert not result.success
    failures = [e for e in result.all_events if e.event_type == dg.DagsterEventType.STEP_FAILURE]
    retries = [e for e in result.all_events if e.event_type == dg.DagsterEventType.STEP_UP_FOR_RETRY]
    assert len(failures) == 1 and retries == []  # its retry policy (2 retries) is not used for this
    description = failures[0].step_failure_data.user_failure_data.description
    assert MESSAGE.search(description) and f"pid {proc.pid}," in description
    assert not settings.warehouse_path.exists()


def test_the_lock_is_reentrant_in_one_process_and_released_after(make_settings) -> None:
    """The CLI holds the lock for its whole run; the assets it runs take it again in the same process."""
    from equity_pipeline.defs.ingest import languages_reference
    from equity_pipeline.lock import refresh_lock

    settings = make_settings()
    with refresh_lock(settings.warehouse_dir), refresh_lock(settings.warehouse_dir):
        result = dg.materialize(
            [languages_reference], instance=dg.DagsterInstance.ephemeral(), resources=SETTINGS_RESOURCE
        )
        assert result.success
    # released: another process can take it now
    probe = subprocess.run(
        [sys.executable, "-c", HOLDER, str(settings.warehouse_dir)], input="\n", capture_output=True, text=True,
        cwd=PROJECT_ROOT, timeout=60,
    )  # fmt: skip
    assert (probe.returncode, probe.stdout.strip()) == (0, "held")
