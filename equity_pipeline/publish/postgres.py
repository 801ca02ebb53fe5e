"""The optional PostgreSQL publication (EQUITY_PUBLISH_POSTGRES_URL): the same tables, in one transaction.

Most BI servers (Power BI's gateway, Tableau Server, Metabase, Superset) connect to a SQL server,
not a file. So, when the URL is set, the publication just built on disk (publisher.py) is copied,
table for table and value for value, into schema `published` of that database:

    BEGIN
      create schema published_staging; each table created with its published types and filled
      by COPY from a CSV that DuckDB writes (set-based: no Python loop over rows; postgres_tables.py)
      lock the current published tables (queued, with a short lock_timeout, retried: _lock_current)
      rename published -> published_retired, published_staging -> published; drop the retired tables
      (RESTRICT: a view someone built on them fails the publish, naming it, rather than vanishing)
      grant the reader role USAGE and SELECT, nothing more, and check it (postgres_reader.py)
    COMMIT

A reader's query therefore sees the old publication or the new one, whole: until the commit no
other session sees the staging schema, and the lock makes a query that would straddle the commit
wait for it, then resolve every name to the new tables (PostgreSQL re-reads a name once a lock it
waited for is granted). A failure anywhere rolls the transaction back: PostgreSQL keeps the
previous publication, and the publisher keeps the previous one on disk (it swaps only after the
commit). The rows are COPYed with FREEZE, so even a REPEATABLE READ transaction that began before
the publish and first reads after it sees the new rows (PostgreSQL's catalog is not versioned: without
FREEZE it would find the new tables empty).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
from psycopg import sql

from equity_pipeline.publish.postgres_reader import ReaderRoleError, ensure_reader, grant_read_only
from equity_pipeline.publish.postgres_tables import UnpublishableTable, load, tables_of

SCHEMA = "published"
STAGING = "published_staging"
RETIRED = "published_retired"
# One try at the swap's lock waits at most this long (or half of deadlock_timeout, if less) in the queue.
LOCK_TRY_MS = 500
APPLICATION_NAME = "equity-pipeline publish"


class PostgresPublishError(RuntimeError):
    """The PostgreSQL publication could not be made; nothing of it is visible."""


class PostgresCommitUnknown(PostgresPublishError):
    """The COMMIT itself failed (the connection broke): PostgreSQL may show the new publication or the old."""


def one_line(exc: BaseException) -> str:
    """PostgreSQL's messages run over several lines (DETAIL, HINT, a caret): one line for the run's summary."""
    return " ".join(str(exc).split())


def target(url: str) -> str:
    """host:port/dbname of a connection URL, for messages (never its password)."""
    info = psycopg.conninfo.conninfo_to_dict(url)
    return f"{info.get('host', 'localhost')}:{info.get('port', 5432)}/{info.get('dbname', '')}"


def connect(url: str) -> psycopg.Connection:
    try:
        # autocommit: the one transaction is opened and committed explicitly, so a failed COMMIT is told
        # apart from a failure before it; conn.transaction() inside it makes savepoints
        return psycopg.connect(url, connect_timeout=10, application_name=APPLICATION_NAME, autocommit=True)
    except psycopg.OperationalError as exc:
        where = target(url)
        raise PostgresPublishError(f"cannot connect to the PostgreSQL publication at {where}: {one_line(exc)}") from exc


def current_publish_id(url: str) -> str | None:
    """The publish_id PostgreSQL readers see now (None before the first PostgreSQL publication)."""
    with connect(url) as conn:
        if conn.execute("select to_regclass('published.publication_log')").fetchone()[0] is None:
            return None
        found = conn.execute(
            "select publish_id from published.publication_log order by published_at desc limit 1"
        ).fetchone()
    return found[0] if found else None


def _lock_current(conn: psycopg.Connection, current: list[str], wait_seconds: int) -> None:
    """Take every current published table ACCESS EXCLUSIVE, queued behind the readers holding them.

    Each try waits in the lock queue (so a stream of short reads cannot starve it) for at most
    LOCK_TRY_MS, below deadlock_timeout: if a reader holding one table wants another the publish
    already got, the publish's try times out, its savepoint releases what it took, and the reader
    goes on, before PostgreSQL's deadlock check would abort either. Then it tries again.
    """
    (deadlock_ms,) = conn.execute("select setting::int from pg_settings where name = 'deadlock_timeout'").fetchone()
    try_ms = max(10, min(LOCK_TRY_MS, deadlock_ms // 2))
    statement = sql.SQL("lock table {} in access exclusive mode").format(
        sql.SQL(", ").join(sql.Identifier(SCHEMA, t) for t in sorted(current))
    )
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            with conn.transaction():  # a savepoint: a try that times out releases what it got
                conn.execute(sql.SQL("set local lock_timeout = {}").format(sql.Literal(f"{try_ms}ms")))
                conn.execute(statement)
            return
        except psycopg.errors.LockNotAvailable as exc:
            if time.monotonic() >= deadline:
                raise PostgresPublishError(
                    f"readers held the published tables for {wait_seconds} s "
                    "(EQUITY_PUBLISH_POSTGRES_LOCK_WAIT_SECONDS): a long or idle-in-transaction session? "
                    "Nothing was changed."
                ) from exc


def _swap(conn: psycopg.Connection, reader: str, wait_seconds: int) -> None:
    schema, staging, retired = (sql.Identifier(s) for s in (SCHEMA, STAGING, RETIRED))
    current = [r[0] for r in conn.execute("select tablename from pg_tables where schemaname = %s", [SCHEMA]).fetchall()]
    exists = conn.execute("select 1 from pg_namespace where nspname = %s", [SCHEMA]).fetchone()
    if exists and "publication_log" not in current:
        raise PostgresPublishError(
            f"schema {SCHEMA} exists and is not this pipeline's publication (it has no publication_log): "
            "it is left alone; publish to another database, or drop it. Nothing was changed."
        )
    if current:
        _lock_current(conn, current, wait_seconds)
    if exists:
        conn.execute(sql.SQL("alter schema {} rename to {}").format(schema, retired))
    conn.execute(sql.SQL("alter schema {} rename to {}").format(staging, schema))
    if exists:
        conn.execute(
            sql.SQL("drop table {}").format(sql.SQL(", ").join(sql.Identifier(RETIRED, t) for t in sorted(current)))
        )
        conn.execute(sql.SQL("drop schema {}").format(retired))
    grant_read_only(conn, SCHEMA, reader)


def publish_to_postgres(
    url: str,
    database: Path,
    reader: str,
    wait_seconds: int,
    scratch_dir: Path | None = None,
    before_swap: Callable[[], None] = lambda: None,
) -> list[str]:
    """Publish every table of the built publication file `database` to schema `published`, in one
    transaction (module docstring). Returns the tables' names. The CSVs are written in a temporary
    folder under `scratch_dir`; `before_swap` is the crash-test hook."""
    where = target(url)
    with connect(url) as conn, tempfile.TemporaryDirectory(prefix=".building-pg-", dir=scratch_dir) as scratch:
        try:
            tables = tables_of(database)
            with conn.cursor() as cur:
                cur.execute("begin")
                ensure_reader(conn, reader)
                load(cur, STAGING, database, tables, Path(scratch))
                before_swap()
                _swap(conn, reader, wait_seconds)
        except (psycopg.Error, UnpublishableTable, ReaderRoleError) as exc:
            raise PostgresPublishError(
                f"the PostgreSQL publication at {where} failed, nothing changed: {one_line(exc)}"
            ) from exc
        try:
            conn.execute("commit")
        except psycopg.Error as exc:
            raise PostgresCommitUnknown(
                f"the COMMIT of the PostgreSQL publication at {where} failed: it may or may not have taken effect "
                f"(the next publish reconciles it): {one_line(exc)}"
            ) from exc
    return list(tables)
