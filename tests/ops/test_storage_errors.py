"""A full disk or a read-only warehouse ends `make run` with one line naming the cause; the publication stays.

The end-to-end cases mount a real 24 MiB tmpfs as the warehouse (then fill it, or remount it
read-only): they need root (or CAP_SYS_ADMIN) and are skipped where mounting is not allowed.
The unit cases below need nothing.
"""

import errno
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

from equity_pipeline.config import PROJECT_ROOT, get_settings
from tests.publish.test_write_audit_publish import FY2022, FY2023, write


def test_os_errors_are_named_by_their_cause(tmp_path) -> None:
    from equity_pipeline.storage_errors import storage_problem

    wh = tmp_path / "wh"
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(wh / "equity.duckdb"))
    assert storage_problem(full, wh) == f"cannot write the warehouse: no space left on device ({wh}/equity.duckdb)"
    read_only = OSError(errno.EROFS, os.strerror(errno.EROFS), str(wh / ".refresh.lock"))
    assert storage_problem(read_only, wh) == f"cannot write the warehouse: read-only file system ({wh}/.refresh.lock)"
    denied = PermissionError(errno.EACCES, os.strerror(errno.EACCES), "/elsewhere/target")
    assert storage_problem(denied, wh) == "cannot write /elsewhere/target: permission denied"
    # a copy into the archive: the file being written is the second name
    copying = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "/raw/a.csv", None, str(wh / "archive" / "a.csv"))
    assert storage_problem(copying, wh) == f"cannot write the warehouse: no space left on device ({wh}/archive/a.csv)"
    assert storage_problem(RuntimeError(str(copying)), wh) == storage_problem(copying, wh)  # as Dagster relays it
    assert storage_problem(FileNotFoundError(errno.ENOENT, "No such file", "/x"), wh) is None
    assert storage_problem(ValueError("no"), wh) is None
    # DuckDB reports the OS error in its own words
    duck = RuntimeError(f'TransactionContext Error: Failed to commit: Could not write file "{wh}/equity.duckdb": '
                        "No space left on device")  # fmt: skip
    assert storage_problem(duck, wh) == f"cannot write the warehouse: no space left on device ({wh}/equity.duckdb)"
    wrapped = RuntimeError("step failed")
    wrapped.__cause__ = read_only
    assert storage_problem(wrapped, wh) == f"cannot write the warehouse: read-only file system ({wh}/.refresh.lock)"


def test_a_writing_asset_fails_once_with_the_cause_and_does_not_retry(make_settings) -> None:
    from equity_pipeline.defs.locking import holds_refresh_lock
    from equity_pipeline.resources import EquitySettings

    settings = make_settings()

    @dg.asset(retry_policy=dg.RetryPolicy(max_retries=2, delay=10))
    @holds_refresh_lock
    def writes_to_a_full_disk(settings: EquitySettings) -> None:
        path = settings.settings.warehouse_path
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    result = dg.materialize(
        [writes_to_a_full_disk],
        raise_on_error=False,
        instance=dg.DagsterInstance.ephemeral(),
        resources={"settings": EquitySettings()},
    )
    failures = [e for e in result.all_events if e.event_type == dg.DagsterEventType.STEP_FAILURE]
    retries = [e for e in result.all_events if e.event_type == dg.DagsterEventType.STEP_UP_FOR_RETRY]
    assert len(failures) == 1 and retries == []  # retrying in 10 s would not free the disk
    assert failures[0].step_failure_data.user_failure_data.description == (
        f"cannot write the warehouse: no space left on device ({settings.warehouse_path})"
    )


def _can_mount(where: Path) -> bool:
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(where)], capture_output=True)
    if done.returncode == 0:
        subprocess.run(["umount", str(where)], check=True)
    return done.returncode == 0


def run_cli(settings) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    return subprocess.run(
        [sys.executable, "-m", "equity_pipeline.cli", "run"], cwd=PROJECT_ROOT, env=env,
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip


def fingerprint(folder: Path) -> dict[str, str]:
    """SHA-256 of every file a reader can open (through the links)."""
    files = [folder / "published.duckdb", *sorted((folder / "published").iterdir())]
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


@pytest.fixture(scope="module")
def published_on_tmpfs(tmp_path_factory):
    """One tmpfs mounted for the module, one refresh published on it, and a copy of that state.

    Each test gets the warehouse back as that refresh left it (restore_tmpfs), at the same path, so
    the refresh itself (half a minute) is run once, not once per test.
    """
    tmp = tmp_path_factory.mktemp("storage")
    if os.geteuid() != 0 or not _can_mount(tmp / "probe"):
        pytest.skip("cannot mount a tmpfs here (needs root); the unit cases above still run")
    mount_point = tmp / "mnt"
    mount_point.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(mount_point)], check=True)
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("EQUITY_RAW_DIR", str(tmp / "raw"))
            mp.setenv("EQUITY_WAREHOUSE_DIR", str(mount_point / "warehouse"))
            mp.setenv("EQUITY_PSEUDONYM_KEY", "storage-key")
            mp.delenv("EQUITY_PUBLISH_POSTGRES_URL", raising=False)
            settings = get_settings()
            write(settings, "training_roster_2022-12-31.csv", FY2022)
            first = run_cli(settings)
            assert first.returncode == 0, first.stdout + first.stderr
            saved = tmp / "saved"
            shutil.copytree(settings.warehouse_dir, saved / "warehouse", symlinks=True)
            shutil.copytree(settings.raw_dir, saved / "raw")
            yield settings, mount_point, saved
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


@pytest.fixture
def warehouse_on_tmpfs(published_on_tmpfs):
    """The module's tmpfs, writable, holding exactly what its one refresh published (and its landing folder)."""
    settings, mount_point, saved = published_on_tmpfs
    subprocess.run(["mount", "-o", "remount,rw", str(mount_point)], check=True)
    for path in mount_point.iterdir():
        shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
    shutil.copytree(saved / "warehouse", settings.warehouse_dir, symlinks=True)
    shutil.rmtree(settings.raw_dir)
    shutil.copytree(saved / "raw", settings.raw_dir)
    return settings, mount_point


LAST_LINE = re.compile(
    r"^RUN FAILED: cannot write the warehouse: (?P<cause>[a-z -]+) \((?P<path>/\S+)\); "
    r"the last publication is unchanged\.$"
)


def assert_one_clear_line(done: subprocess.CompletedProcess, settings, cause: str) -> None:
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    last = (done.stdout + done.stderr).strip().splitlines()[-1]
    match = LAST_LINE.match(last)
    assert match, last
    assert match.group("cause") == cause
    assert match.group("path").startswith(str(settings.warehouse_dir))


def test_full_disk_one_line_and_publication_kept(warehouse_on_tmpfs) -> None:
    settings, mount_point = warehouse_on_tmpfs
    before = fingerprint(settings.warehouse_dir)
    write(settings, "training_roster_2023-12-31.csv", FY2023)
    # fill the disk: what is left after this is a few bytes at most
    filler = mount_point / "filler"
    with filler.open("wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    done = run_cli(settings)
    assert_one_clear_line(done, settings, "no space left on device")
    filler.unlink()
    assert fingerprint(settings.warehouse_dir) == before


def test_read_only_warehouse_one_line_and_publication_kept(warehouse_on_tmpfs) -> None:
    settings, mount_point = warehouse_on_tmpfs
    before = fingerprint(settings.warehouse_dir)
    write(settings, "training_roster_2023-12-31.csv", FY2023)
    subprocess.run(["mount", "-o", "remount,ro", str(mount_point)], check=True)
    done = run_cli(settings)
    assert_one_clear_line(done, settings, "read-only file system")
    assert fingerprint(settings.warehouse_dir) == before
