"""Shared fixtures: a temporary landing folder and warehouse per test, with a known key."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from equity_pipeline.config import Settings, get_settings
from equity_pipeline.contracts import all_contracts
from equity_pipeline.ingest.loader import connect_warehouse, ingest_source
from equity_pipeline.ingest.outcome import SourceOutcome
from tests.sample_run import sample_run  # noqa: F401 (the session's one sample refresh, for every folder)

# `make test` runs the suite in two pytest-xdist workers: each gets its own dbt target folder and log
# folder (inherited by the CLI processes it starts), so neither rewrites a manifest the other reads.
if os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ["EQUITY_DBT_TARGET"] = f"test-{os.environ['PYTEST_XDIST_WORKER']}"
    os.environ["DBT_LOG_PATH"] = str(Path(__file__).resolve().parent.parent / "dbt_project" / "logs" /
                                     os.environ["PYTEST_XDIST_WORKER"])  # fmt: skip

# Tests copy fixtures just before loading them, so every file is "still being written" under
# the default settle time: the whole session (and its subprocesses) loads at once, except the
# tests of that rule, which set EQUITY_SETTLE_SECONDS themselves.
os.environ["EQUITY_SETTLE_SECONDS"] = "0"
# Every test warehouse keeps its own Dagster instance (<warehouse>/.dagster), never a developer's DAGSTER_HOME.
os.environ.pop("DAGSTER_HOME", None)


# Test modules of half a minute or more, longest first (measured in a fresh clone, README "Performance"). Only
# the order of the work changes: xdist's default order (most tests first) started the daemon's module and a
# 2.5-minute one late, and one worker ended the session alone for two minutes while the other core idled.
SLOWEST_FIRST = (
    "tests/publish/test_write_audit_publish.py",
    "tests/publish/test_crash_safety.py",
    "tests/ops/test_storage_errors.py",
    "tests/publish/test_nothing_new.py",
    "tests/publish/test_postgres_publication.py",
    "tests/e2e/test_sample_pipeline.py",
    "tests/trace/test_lineage_views.py",
    "tests/marts/test_workforce_gates.py",
    "tests/ops/test_backup_restore.py",
    "tests/publish/test_reproducible.py",
    "tests/audit/test_dagster_ui.py",
    "tests/marts/test_workers_comp_history.py",
    "tests/marts/test_workers_comp.py",
    "tests/marts/test_workers_comp_no_hours.py",
    "tests/test_lint.py",
    "tests/marts/test_boards.py",
    "tests/marts/test_workforce.py",
    "tests/marts/test_pvr_series_range.py",
    "tests/marts/test_language_access.py",
    "tests/marts/test_workforce_representation_gates.py",
    "tests/marts/test_board_gates.py",
    "tests/trace/test_trace_cli.py",
)


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """The order `make test` hands modules to its two workers (--dist loadfile --no-loadscope-reorder): the real
    daemon's tests first (they mostly wait on the daemon, so the other worker gets on meanwhile), then the
    slowest modules, longest first, so that no long module starts last; the dashboard's last (`make test`
    installs Superset's .venv-bi in the background meanwhile)."""

    def rank(item: pytest.Item) -> tuple:
        module = item.nodeid.split("::")[0]
        if module.startswith("tests/automation/"):
            return (0,)
        if module in SLOWEST_FIRST:
            return (1, SLOWEST_FIRST.index(module))
        return (3,) if module.startswith("tests/bi/") else (2,)

    items.sort(key=rank)  # stable: collection order within a rank


def pytest_configure(config: pytest.Config) -> None:
    """Build the dbt manifest once, before any test module imports the Definitions (which build none);
    under xdist, once per worker (into its own target folder), not in the controller, which runs no test."""
    from equity_pipeline.dbt_runtime import prepare_manifest

    if getattr(config.option, "numprocesses", None) and not hasattr(config, "workerinput"):
        return

    prepare_manifest(force=True)


FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "ingest"
TEST_KEY = "test-pseudonym-key"


def settings_under(tmp: Path, key: str = TEST_KEY) -> Settings:
    """Settings whose landing folder and warehouse are under tmp (for module-scoped fixtures)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EQUITY_RAW_DIR", str(tmp / "raw"))
        mp.setenv("EQUITY_WAREHOUSE_DIR", str(tmp / "warehouse"))
        mp.setenv("EQUITY_PSEUDONYM_KEY", key)
        return get_settings()


@pytest.fixture
def make_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Settings]:
    """Settings pointing at tmp_path; threshold=1.0 lets a rule test keep a file with many bad rows."""

    def _make(threshold: float = 0.05) -> Settings:
        monkeypatch.setenv("EQUITY_RAW_DIR", str(tmp_path / "raw"))
        monkeypatch.setenv("EQUITY_WAREHOUSE_DIR", str(tmp_path / "warehouse"))
        monkeypatch.setenv("EQUITY_PSEUDONYM_KEY", TEST_KEY)
        monkeypatch.setenv("EQUITY_QUARANTINE_THRESHOLD", str(threshold))
        monkeypatch.delenv("EQUITY_TIMEZONE", raising=False)
        settings = get_settings()
        settings.raw_dir.mkdir(parents=True, exist_ok=True)
        return settings

    return _make


def stage_case(settings: Settings, case: str) -> None:
    """Copy a corpus case's source folders into the landing folder (merging, overwriting)."""
    shutil.copytree(CORPUS / case, settings.raw_dir, dirs_exist_ok=True)


def land(settings: Settings, *sources: str, now: dt.datetime | None = None) -> dict[str, SourceOutcome]:
    """Run the loader for the given sources (default: every source) and return their outcomes.

    `now` pins the run's clock (settle time, future as-of dates); default: the real time.
    """
    contracts = all_contracts()
    with connect_warehouse(settings) as con:
        return {s: ingest_source(con, contracts[s], settings, "test-run", now=now) for s in (sources or contracts)}


def query(settings: Settings, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        con.execute("set TimeZone = 'UTC'")
        return con.execute(sql, params or []).fetchall()


def quarantined(settings: Settings, source: str = "hr_workforce") -> list[tuple]:
    """(line, column, reason) of every quarantined row of a source, in line order."""
    return query(
        settings,
        "select line, column_name, reason from audit.quarantine where source = ? order by line, column_name",
        [source],
    )


@contextlib.contextmanager
def refresh_on_exports(tmp: Path, exports: dict[str, list[str]], key: str) -> Iterator[dict]:
    """Write each export (`<source>_<date>.csv` -> its lines) under tmp/raw, run the refresh job into
    tmp/warehouse, and hold those settings while the caller's tests read the result.

    Small-department suppression is off: these fixtures have a handful of employees, and the tests
    want to see every figure (suppression has its own tests).
    """
    raw = tmp / "raw"
    for name, lines in exports.items():
        source = name.rsplit("_", 1)[0]
        (raw / source).mkdir(parents=True, exist_ok=True)
        (raw / source / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EQUITY_RAW_DIR", str(raw))
        mp.setenv("EQUITY_WAREHOUSE_DIR", str(tmp / "warehouse"))
        mp.setenv("EQUITY_PSEUDONYM_KEY", key)
        mp.setenv("EQUITY_SMALL_DEPARTMENT_EMPLOYEES", "0")
        from equity_pipeline.definitions import defs

        result = defs.resolve_job_def("refresh").execute_in_process(
            instance=dg.DagsterInstance.ephemeral(), raise_on_error=False
        )
        yield {"result": result, "settings": get_settings(), "tmp": tmp}


def published(run: dict, sql: str) -> list[tuple]:
    """Rows of a query on the publication a `refresh_on_exports` run wrote."""
    from equity_pipeline.publish.publisher import published_path

    with duckdb.connect(str(published_path(run["settings"])), read_only=True) as con:
        return con.execute(sql).fetchall()


def messy_landing_settling_notes(make_settings: Callable[..., Settings], monkeypatch: pytest.MonkeyPatch) -> tuple:
    """The messy landing folder, its hr_workforce files an hour old except notes.txt (5 s: still settling)."""
    monkeypatch.setenv("EQUITY_SETTLE_SECONDS", "60")
    s = make_settings()
    stage_case(s, "messy_landing")
    now = dt.datetime(2026, 12, 1, 20, 0, tzinfo=dt.UTC)
    for path in (s.raw_dir / "hr_workforce").iterdir():
        os.utime(path, (now.timestamp() - 3600, now.timestamp() - 3600))
    os.utime(s.raw_dir / "hr_workforce" / "notes.txt", (now.timestamp() - 5, now.timestamp() - 5))
    return s, now
