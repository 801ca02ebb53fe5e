"""The PostgreSQL publication on the real server: same rows and publish_id as the DuckDB file, one
transaction, a reader role that can only read, old-then-new for a connected reader, and a failure
or a kill at any step leaving both publications as they were (or, after the COMMIT, rolled forward).

The working warehouse is the hand-made one of test_crash_safety (every published mart, one row each),
so a publish takes a second; the sample's real figures and types are checked in tests/e2e.
"""

import subprocess
import threading
import time

import duckdb
import psycopg
import pytest

from equity_pipeline.publish.postgres import APPLICATION_NAME, PostgresPublishError
from equity_pipeline.publish.publisher import POSTGRES_CRASH_POINTS, publish
from equity_pipeline.publish.reconcile import reconcile
from tests.postgres_support import rows, shown_publish_id, throwaway_database
from tests.publish.test_crash_safety import TABLES, audit_log, make_warehouse, reader_view, run_publish


@pytest.fixture
def pg(make_settings, monkeypatch):
    """A hand-made warehouse publishing to a throwaway database, published once (disk and PostgreSQL)."""
    with throwaway_database() as db:
        monkeypatch.setenv("EQUITY_PUBLISH_POSTGRES_URL", db.url)
        monkeypatch.setenv("EQUITY_PUBLISH_POSTGRES_READER", db.reader)
        settings = make_settings()
        make_warehouse(settings)
        first = run_publish("run00001")
        assert first.returncode == 0, first.stderr
        yield settings, db, first.stdout.strip()


def waiting_for_the_lock(url: str, seconds: float = 60) -> None:
    """Return once the publishing session waits for a table lock (it staged everything and wants to swap)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if rows(url, "select 1 from pg_locks l join pg_stat_activity a using (pid) "
                     "where not l.granted and a.application_name = %s", [APPLICATION_NAME]):  # fmt: skip
            return
        time.sleep(0.02)
    raise AssertionError("the publish never waited for the lock the reader holds")


def duckdb_rows(settings, table: str) -> list[tuple]:
    with duckdb.connect(str(settings.warehouse_dir / "published.duckdb"), read_only=True) as con:
        return sorted(con.execute(f'select * from "{table}"').fetchall(), key=repr)


def test_postgres_holds_the_same_rows_and_publish_id_as_the_duckdb_file(pg) -> None:
    settings, db, first_id = pg
    assert shown_publish_id(db.url) == reader_view(settings) == first_id
    published = {r[0] for r in rows(db.url, "select tablename from pg_tables where schemaname = 'published'")}
    assert published == set(TABLES)
    for table in TABLES:
        in_pg = sorted(rows(db.url, f'select * from published."{table}"'), key=repr)
        if table == "publication_log":  # json: compared as the text each side holds
            text = "publish_id, published_at, run_id, code_version, source_files::text, checks_passed, " \
                "checks_warned, tables::text, source_freshness::text"  # fmt: skip
            in_pg = sorted(rows(db.url, f"select {text} from published.publication_log"), key=repr)
        in_duckdb = duckdb_rows(settings, table)
        assert in_pg == in_duckdb, table
    # no staging or retired schema is left behind
    schemas = {r[0] for r in rows(db.url, "select nspname from pg_namespace where nspname like 'published%'")}
    assert schemas == {"published"}


def test_the_reader_role_can_read_and_cannot_write(pg) -> None:
    settings, db, first_id = pg
    with psycopg.connect(db.url, autocommit=True) as con:
        con.execute(f"set role {db.reader}")
        assert con.execute("select publish_id from published.pvr_annual").fetchall() == [(first_id,)]
        for statement in (
            "insert into published.pvr_annual (publish_id) values ('forged')",
            "update published.pvr_annual set publish_id = 'forged'",
            "delete from published.pvr_annual",
            "truncate published.pvr_annual",
            "drop table published.pvr_annual",
            "create table published.extra (x int)",
            "alter table published.pvr_annual add column extra int",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                con.execute(statement)
    assert shown_publish_id(db.url) == first_id


def test_a_second_publish_replaces_the_first_whole_and_keeps_the_grants(pg) -> None:
    settings, db, first_id = pg
    second = run_publish("run00002")
    assert second.returncode == 0, second.stderr
    second_id = second.stdout.strip()
    assert shown_publish_id(db.url) == reader_view(settings) == second_id
    logged = [r[0] for r in rows(db.url, "select publish_id from published.publication_log order by published_at")]
    assert logged == audit_log(settings) == [first_id, second_id]
    with psycopg.connect(db.url, autocommit=True) as con:
        con.execute(f"set role {db.reader}")
        assert con.execute("select count(*) from published.wc_claims_monthly").fetchone() == (1,)


@pytest.mark.parametrize("point", POSTGRES_CRASH_POINTS)
def test_a_kill_in_the_postgres_publication_leaves_one_publication_shown_by_both(pg, point) -> None:
    settings, db, first_id = pg
    killed = run_publish("run00002", crash_at=point)
    assert killed.returncode == -9, killed.stderr
    committed = point == "postgres_committed"
    shown = shown_publish_id(db.url)
    assert shown.endswith("-run00002") if committed else shown == first_id
    assert reader_view(settings) == first_id  # the disk swaps only after the COMMIT
    assert {r[0] for r in rows(db.url, "select nspname from pg_namespace where nspname like 'published%'")} == {
        "published"
    }
    reconcile(settings)  # the next run's first step: after a COMMIT, the disk is rolled forward to it
    assert reader_view(settings) == shown
    assert audit_log(settings) == [first_id] + ([shown] if committed else [])
    rerun = run_publish("run00003")
    assert rerun.returncode == 0, rerun.stderr
    assert shown_publish_id(db.url) == reader_view(settings) == rerun.stdout.strip()


def test_a_failure_before_the_commit_changes_nothing_in_postgres_or_on_disk(pg) -> None:
    settings, db, first_id = pg
    # a real PostgreSQL error inside the transaction: the staging schema's name is taken
    with psycopg.connect(db.url, autocommit=True) as con:
        con.execute("create schema published_staging")
    versions = sorted(p.name for p in (settings.warehouse_dir / "publications").iterdir())
    with pytest.raises(PostgresPublishError, match="nothing changed.*published_staging"):
        publish(settings, "run00002-failing", checks_passed=1, checks_warned=0)
    assert shown_publish_id(db.url) == reader_view(settings) == first_id
    assert sorted(p.name for p in (settings.warehouse_dir / "publications").iterdir()) == versions
    assert audit_log(settings) == [first_id]


def test_an_unreachable_server_fails_the_publish_and_changes_nothing_on_disk(pg, monkeypatch, make_settings) -> None:
    settings, db, first_id = pg
    monkeypatch.setenv("EQUITY_PUBLISH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:1/nowhere")
    with pytest.raises(PostgresPublishError, match="cannot connect to the PostgreSQL publication at 127.0.0.1:1/"):
        publish(make_settings(), "run00002-unreachable", checks_passed=1, checks_warned=0)
    assert reader_view(settings) == first_id and audit_log(settings) == [first_id]


def test_a_reader_holding_the_tables_delays_the_swap_and_sees_old_then_new(pg, monkeypatch, make_settings) -> None:
    settings, db, first_id = pg
    with psycopg.connect(db.url) as reader:  # read committed, as BI tools connect; one open transaction
        reader.execute(f"set role {db.reader}")
        # it holds the table the swap would reach last (created last), and will then ask for the first:
        # a swap that waited while holding tables would deadlock with it
        assert reader.execute("select max(publish_id) from published.publication_log").fetchone() == (first_id,)
        publishing = threading.Thread(target=lambda: outcome.append(run_publish("run00002")))
        outcome: list = []
        publishing.start()
        waiting_for_the_lock(db.url)  # the publish has staged its tables and queues for the ones held here
        assert reader.execute(f'select publish_id from published."{TABLES[0]}"').fetchone() == (first_id,)
        assert publishing.is_alive()
        reader.commit()  # lets the swap through
        publishing.join(timeout=60)
        second_id = outcome[0].stdout.strip()
        assert reader.execute("select publish_id from published.pvr_annual").fetchone() == (second_id,)
    # and a reader that never lets go makes the publish give up, changing nothing
    monkeypatch.setenv("EQUITY_PUBLISH_POSTGRES_LOCK_WAIT_SECONDS", "1")
    with psycopg.connect(db.url) as holder:
        holder.execute("select count(*) from published.board_seats")
        with pytest.raises(PostgresPublishError, match="readers held the published tables for 1 s"):
            publish(make_settings(), "run00003-blocked", checks_passed=1, checks_warned=0)
    assert shown_publish_id(db.url) == reader_view(settings) == second_id


ONE_QUERY = " union all ".join(
    f"select '{t}', min(publish_id), max(publish_id), count(*) from published.\"{t}\"" for t in TABLES[:-1]
)


def test_a_reader_querying_throughout_publishes_sees_old_then_new_never_a_mix(pg, monkeypatch, tmp_path) -> None:
    """While four more readers keep a table busy with overlapping 0.3 s queries: a publish that took its
    lock only in a gap when no reader holds any table would hardly ever find one (it must queue)."""
    settings, db, first_id = pg
    monkeypatch.setenv("EQUITY_PUBLISH_POSTGRES_LOCK_WAIT_SECONDS", "20")
    seen: list[tuple[set, set]] = []
    errors: list[str] = []
    stop = threading.Event()

    def read() -> None:
        with psycopg.connect(db.url, autocommit=True) as con:
            con.execute(f"set role {db.reader}")
            while not stop.is_set():
                try:
                    found = con.execute(ONE_QUERY).fetchall()
                except psycopg.Error as exc:  # a table missing for an instant would be a half-published state
                    errors.append(str(exc))
                    continue
                seen.append(({r[1] for r in found} | {r[2] for r in found}, {r[3] for r in found}))

    # Busy readers in processes of their own (psql: a client with no GIL to wait for between queries),
    # staggered so that when one is between two queries the others hold the table.
    script = tmp_path / "busy.sql"
    script.write_text("select pg_sleep(0.3), count(*) from published.pvr_annual;\n" * 400)
    busy = [
        subprocess.Popen(
            ["sh", "-c", f'sleep {n * 0.075}; exec psql -q -X "$0" -f "$1" >/dev/null', db.url, str(script)],
        )
        for n in range(4)
    ]
    reader = threading.Thread(target=read)
    reader.start()
    time.sleep(1)  # every busy reader is in its first query
    ids = [first_id]
    try:
        for n in (2, 3):
            done = run_publish(f"run0000{n}")
            assert done.returncode == 0, done.stderr
            ids.append(done.stdout.strip())
    finally:
        stop.set()
        reader.join(timeout=30)
        for process in busy:
            process.kill()
            process.wait()
    assert errors == [] and len(seen) > 50
    shown = []
    for publish_ids, counts in seen:
        assert len(publish_ids) == 1 and counts == {1}, (publish_ids, counts)  # one publication, every table whole
        if not shown or shown[-1] != next(iter(publish_ids)):
            shown.append(next(iter(publish_ids)))
    assert shown == ids  # old, then new, then newer: never back
