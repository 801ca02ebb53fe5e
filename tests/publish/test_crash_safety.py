"""A publication survives kill -9 at any step: readers see the old or the new one, whole, and the log names both.

A small working warehouse is made by hand (every published mart with its declared columns, one
row each, and an empty manifest), so each publish takes a second. publish() runs in a subprocess
that is SIGKILLed at an injected point; then the test reads what a reader would read:
`published.duckdb` and the Parquet files under `published/`.
"""

import os
import subprocess
import sys
import textwrap

import duckdb
import pytest

from equity_pipeline.config import PROJECT_ROOT
from equity_pipeline.publish.catalog import published_tables
from equity_pipeline.publish.publisher import CRASH_POINTS

TABLES = [t.name for t in published_tables()] + ["publication_log"]

PUBLISH = textwrap.dedent(
    """
    import os, signal, sys
    from equity_pipeline.config import get_settings
    from equity_pipeline.publish import publisher
    after_replace = int(sys.argv[2])  # kill right after the n-th os.replace of the process (0: never)
    real_replace, calls = os.replace, [0]
    def replace(*args, **kwargs):
        real_replace(*args, **kwargs)
        calls[0] += 1
        if calls[0] == after_replace:
            os.kill(os.getpid(), signal.SIGKILL)
    os.replace = replace
    print(publisher.publish(get_settings(), sys.argv[1], checks_passed=1, checks_warned=0).publish_id)
    """
)


def make_warehouse(settings) -> None:
    settings.warehouse_dir.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(settings.warehouse_path)) as con:
        con.execute("create schema marts; create schema audit")
        con.execute(
            "create table audit.ingest_manifest (source varchar, file_name varchar, file_sha256 varchar, "
            "as_of date, version integer, rows_landed bigint, rows_quarantined bigint, status varchar)"
        )
        for table in published_tables():
            columns = ", ".join(f'1 as "{c}"' for c in table.column_names)
            con.execute(f"create table {table.relation} as select {columns}")


def run_publish(run_id: str, crash_at: str = "", after_replace: int = 0) -> subprocess.CompletedProcess:
    env = {**os.environ, "EQUITY_TEST_CRASH_AT": crash_at}
    return subprocess.run(
        [sys.executable, "-c", PUBLISH, run_id, str(after_replace)],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def reader_view(settings) -> str:
    """The one publication a reader sees: the DuckDB file and the Parquet folder must both be it, whole."""
    latest_sql = "select publish_id from {log} order by published_at desc limit 1"
    with duckdb.connect(str(settings.warehouse_dir / "published.duckdb"), read_only=True) as con:
        (in_duckdb,) = con.execute(latest_sql.format(log="publication_log")).fetchall()[0]
        duckdb_ids = {r[0] for t in TABLES[:-1] for r in con.execute(f"select distinct publish_id from {t}").fetchall()}
    parquet = settings.warehouse_dir / "published"
    assert sorted(p.name for p in parquet.iterdir()) == sorted(f"{n}.parquet" for n in TABLES)  # complete
    with duckdb.connect() as con:
        (in_parquet,) = con.execute(latest_sql.format(log=f"'{parquet}/publication_log.parquet'")).fetchall()[0]
        parquet_ids = {
            r[0]
            for t in TABLES[:-1]
            for r in con.execute(f"select distinct publish_id from '{parquet}/{t}.parquet'").fetchall()
        }
    # every table of both artefacts carries the publication its own log names last: one publication, not a mix
    assert (duckdb_ids, parquet_ids, in_parquet) == ({in_duckdb}, {in_duckdb}, in_duckdb)
    return in_duckdb


def audit_log(settings) -> list[str]:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        return [
            r[0] for r in con.execute("select publish_id from audit.publication_log order by published_at").fetchall()
        ]


def leftovers(settings) -> list[str]:
    return sorted(
        str(p.relative_to(settings.warehouse_dir))
        for p in settings.warehouse_dir.rglob("*")
        if p.name.startswith((".building-", ".retired-"))
    )


@pytest.fixture
def published_once(make_settings):
    settings = make_settings()
    make_warehouse(settings)
    first = run_publish("run00001")
    assert first.returncode == 0, first.stderr
    first_id = first.stdout.strip()
    assert reader_view(settings) == first_id
    return settings, first_id


def check_kill_then_rerun(settings, first_id: str, killed: subprocess.CompletedProcess) -> str:
    assert killed.returncode == -9, killed.stderr  # it really was killed mid-publish
    visible = reader_view(settings)  # old or new, never a mix, never incomplete
    assert visible == first_id or visible.endswith("-run00002")
    rerun = run_publish("run00003")
    assert rerun.returncode == 0, rerun.stderr
    third_id = rerun.stdout.strip()
    assert reader_view(settings) == third_id
    # every publication a reader could have seen is logged, once, in order
    expected = [first_id] + ([visible] if visible != first_id else []) + [third_id]
    assert audit_log(settings) == expected
    assert leftovers(settings) == []
    return visible


@pytest.mark.parametrize("point", CRASH_POINTS)
def test_kill_at_each_step_leaves_old_or_new_publication_whole(published_once, point) -> None:
    settings, first_id = published_once
    visible = check_kill_then_rerun(settings, first_id, run_publish("run00002", crash_at=point))
    swapped = CRASH_POINTS.index(point) >= CRASH_POINTS.index("swapped")
    assert (visible != first_id) == swapped


@pytest.mark.parametrize("after_replace", [1, 2])
def test_kill_after_any_rename_leaves_old_or_new_publication_whole(published_once, after_replace) -> None:
    """Black-box: the kill follows the n-th os.replace, whatever the publisher renames."""
    settings, first_id = published_once
    check_kill_then_rerun(settings, first_id, run_publish("run00002", after_replace=after_replace))


def test_old_versions_are_pruned_keeping_the_current_and_the_previous(published_once) -> None:
    settings, first_id = published_once
    ids = [first_id] + [run_publish(f"run0000{n}").stdout.strip() for n in (2, 3)]
    versions = sorted(p.name for p in (settings.warehouse_dir / "publications").iterdir() if p.name != "current")
    assert versions == ids[1:]
    assert audit_log(settings) == ids
