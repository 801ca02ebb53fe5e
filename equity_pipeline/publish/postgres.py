"""The optional PostgreSQL publication (EQUITY_PUBLISH_POSTGRES_URL): the same tables, in one transaction.

Most BI servers (Power BI's gateway, Tableau Server, Metabase, Superset) connect to a SQL server,
not a file. So, when the URL is set, the publication just built on disk (publisher.py) is copied,
table for table and value for value, into schema `published` of that database:

    BEGIN
      create schema published_staging; each table created with its published types and filled
      by COPY from a CSV that DuckDB writes (set-based: no Python loop over rows)
      lock the current published tables (NOWAIT, retried: see _lock_current)
      rename published -> published_retired, published_staging -> published; drop the retired one
      grant the reader role USAGE on the schema and SELECT on its tables, nothing more
    COMMIT

A reader's query therefore sees the old publication or the new one, whole: until the commit no
other session sees the staging schema, and the lock makes a query that would straddle the commit
wait for it, then resolve every name to the new tables (PostgreSQL re-reads a name once a lock it
waited for is granted). A failure anywhere rolls the transaction back: PostgreSQL keeps the
previous publication, and the publisher keeps the previous one on disk (it swaps only after the
commit). Caveat, from PostgreSQL's catalog not being versioned (documented in the README): a
REPEATABLE READ transaction that began before a publish and first touches the tables after it sees
them empty; read committed (the default) is not affected.
"""

from __future__ import annotations

import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import psycopg
from psycopg import sql

from equity_pipeline.sql import lit, q

SCHEMA = "published"
STAGING = "published_staging"
RETIRED = "published_retired"
# How long the swap waits, in all, for readers holding the current tables (one try every RETRY_SECONDS).
RETRY_SECONDS = 0.05
APPLICATION_NAME = "equity-pipeline publish"

# DuckDB type (as the published file declares it) -> PostgreSQL type: dates stay DATE, money
# NUMERIC(14,2) (any DECIMAL keeps its precision and scale), rates DOUBLE PRECISION.
TYPES = {
    "VARCHAR": "text",
    "DOUBLE": "double precision",
    "FLOAT": "real",
    "BIGINT": "bigint",
    "INTEGER": "integer",
    "SMALLINT": "smallint",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "TIMESTAMP WITH TIME ZONE": "timestamptz",
    "JSON": "json",
}
QUOTED = {"VARCHAR", "JSON"}  # always quoted in the CSV, so "" stays an empty string and \N is the only NULL
DECIMAL = re.compile(r"DECIMAL\((\d+),(\d+)\)")


class PostgresPublishError(RuntimeError):
    """The PostgreSQL publication could not be made; nothing of it is visible."""


def one_line(exc: BaseException) -> str:
    """PostgreSQL's messages run over several lines (DETAIL, HINT, a caret): one line for the run's summary."""
    return " ".join(str(exc).split())


def pg_type(duckdb_type: str) -> str:
    """The PostgreSQL type a published DuckDB column is written as (an unknown type is refused, not guessed)."""
    if match := DECIMAL.fullmatch(duckdb_type.upper()):
        return f"numeric({match[1]},{match[2]})"
    if duckdb_type.upper() not in TYPES:
        raise PostgresPublishError(f"no PostgreSQL type is declared for DuckDB type {duckdb_type}")
    return TYPES[duckdb_type.upper()]


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


def _tables(database: Path) -> dict[str, list[tuple[str, str]]]:
    """Each table of the built publication file with its columns and DuckDB types, in order."""
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute(
            "select table_name, column_name, data_type from duckdb_columns() "
            "where schema_name = 'main' and not internal order by table_name, column_index"
        ).fetchall()
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, column, data_type in rows:
        tables.setdefault(table, []).append((column, data_type))
    return tables


def _write_csv(database: Path, table: str, columns: list[tuple[str, str]], path: Path) -> None:
    quoted = [q(c) for c, t in columns if t.upper() in QUOTED]
    force = f", force_quote ({', '.join(quoted)})" if quoted else ""
    with duckdb.connect(str(database), read_only=True) as con:
        # Doubles are written in their shortest exact form, so PostgreSQL reads back the same bits.
        con.execute(f"copy {q(table)} to {lit(str(path))} (format csv, header false, nullstr '\\N'{force})")


def _load(cur: psycopg.Cursor, database: Path, tables: dict[str, list[tuple[str, str]]]) -> None:
    cur.execute(sql.SQL("create schema {}").format(sql.Identifier(STAGING)))
    with tempfile.TemporaryDirectory(prefix="equity-pg-") as scratch:
        for table, columns in tables.items():
            cur.execute(
                sql.SQL("create table {}.{} ({})").format(
                    sql.Identifier(STAGING),
                    sql.Identifier(table),
                    sql.SQL(", ").join(
                        sql.SQL("{} {}").format(sql.Identifier(c), sql.SQL(pg_type(t))) for c, t in columns
                    ),
                )
            )
            csv = Path(scratch) / f"{table}.csv"
            _write_csv(database, table, columns, csv)
            copy = sql.SQL("copy {}.{} from stdin (format csv, null '\\N')").format(
                sql.Identifier(STAGING), sql.Identifier(table)
            )
            with cur.copy(copy) as pipe, csv.open("rb") as source:
                while chunk := source.read(1 << 20):
                    pipe.write(chunk)


def _lock_current(conn: psycopg.Connection, wait_seconds: int) -> None:
    """Take every current published table ACCESS EXCLUSIVE, without ever waiting while holding one.

    NOWAIT, retried inside a savepoint: a plain LOCK would hold the tables it got while waiting for
    one a reader holds, and a reader holding that one and wanting another would deadlock with it.
    """
    current = [r[0] for r in conn.execute("select tablename from pg_tables where schemaname = %s", [SCHEMA]).fetchall()]
    if not current:
        return
    statement = sql.SQL("lock table {} in access exclusive mode nowait").format(
        sql.SQL(", ").join(sql.Identifier(SCHEMA, t) for t in sorted(current))
    )
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            with conn.transaction():  # a savepoint: a refused try releases what it got
                conn.execute(statement)
            return
        except psycopg.errors.LockNotAvailable as exc:
            if time.monotonic() >= deadline:
                raise PostgresPublishError(
                    f"readers held the published tables for {wait_seconds} s "
                    "(EQUITY_PUBLISH_POSTGRES_LOCK_WAIT_SECONDS): a long or idle-in-transaction session? "
                    "Nothing was changed."
                ) from exc
            time.sleep(RETRY_SECONDS)


def _ensure_reader(conn: psycopg.Connection, reader: str) -> None:
    """The read-only role exists (created NOLOGIN: login users are made members of it) and cannot write."""
    found = conn.execute(
        "select rolsuper, rolname = current_user or pg_has_role(%s, current_user, 'MEMBER') "
        "from pg_roles where rolname = %s",
        [reader, reader],
    ).fetchone()
    if found is None:
        try:
            with conn.transaction():
                conn.execute(sql.SQL("create role {} nologin").format(sql.Identifier(reader)))
        except psycopg.errors.InsufficientPrivilege as exc:
            raise PostgresPublishError(
                f"the reader role {reader} does not exist and this user may not create it: "
                f"ask the database administrator to run `create role {reader} nologin`"
            ) from exc
    elif any(found):
        raise PostgresPublishError(
            f"the reader role {reader} is a superuser or the publishing user (or a member of it): "
            "it could write; name a role that can only read (EQUITY_PUBLISH_POSTGRES_READER)"
        )


def _swap(conn: psycopg.Connection, reader: str, wait_seconds: int) -> None:
    _lock_current(conn, wait_seconds)
    schema, staging, retired = (sql.Identifier(s) for s in (SCHEMA, STAGING, RETIRED))
    had_current = conn.execute("select 1 from pg_namespace where nspname = %s", [SCHEMA]).fetchone()
    if had_current:
        conn.execute(sql.SQL("alter schema {} rename to {}").format(schema, retired))
    conn.execute(sql.SQL("alter schema {} rename to {}").format(staging, schema))
    if had_current:
        conn.execute(sql.SQL("drop schema {} cascade").format(retired))
    role = sql.Identifier(reader)
    conn.execute(sql.SQL("grant usage on schema {} to {}").format(schema, role))
    conn.execute(sql.SQL("grant select on all tables in schema {} to {}").format(schema, role))


class PostgresCommitUnknown(PostgresPublishError):
    """The COMMIT itself failed (the connection broke): PostgreSQL may show the new publication or the old."""


def publish_to_postgres(
    url: str, database: Path, reader: str, wait_seconds: int, before_swap: Callable[[], None] = lambda: None
) -> list[str]:
    """Publish every table of the built publication file `database` to schema `published`, in one
    transaction (module docstring). Returns the tables' names. `before_swap` is the crash-test hook."""
    tables = _tables(database)
    where = target(url)
    with connect(url) as conn:
        try:
            with conn.cursor() as cur:
                cur.execute("begin")
                _ensure_reader(conn, reader)
                _load(cur, database, tables)
                before_swap()
                _swap(conn, reader, wait_seconds)
        except psycopg.Error as exc:
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
