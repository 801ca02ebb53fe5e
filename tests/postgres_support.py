"""Throwaway databases on the real PostgreSQL (127.0.0.1:5432, trust auth; CI has it) for the publication tests.

Each test gets its own database and its own reader role (roles are cluster-wide), both dropped after.
An unreachable server fails the test with a message saying so: these tests are never skipped.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
import pytest
from psycopg import sql

ADMIN_URL = os.environ.get("EQUITY_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


@dataclass(frozen=True)
class Throwaway:
    url: str
    reader: str
    name: str  # the database's


def admin(url: str = ADMIN_URL) -> psycopg.Connection:
    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        pytest.fail(
            f"PostgreSQL is not reachable at {url}: {exc}\nThe PostgreSQL publication tests need the real server "
            "(start it: pg_ctlcluster --skip-systemctl-redirect 15 main start), or set EQUITY_TEST_POSTGRES_URL.",
            pytrace=False,
        )


def database_url(name: str) -> str:
    return psycopg.conninfo.make_conninfo(ADMIN_URL, dbname=name)


def sqlalchemy_url(name: str) -> str:
    """The database as a postgresql:// URL, the form SQLAlchemy (Dagster's PostgreSQL storage) parses."""
    params = psycopg.conninfo.conninfo_to_dict(ADMIN_URL)
    user = params.get("user", "postgres")
    password = f":{params['password']}" if params.get("password") else ""
    return f"postgresql://{user}{password}@{params.get('host', '127.0.0.1')}:{params.get('port', 5432)}/{name}"


@contextmanager
def throwaway_database() -> Iterator[Throwaway]:
    token = uuid.uuid4().hex[:12]
    name, reader = f"equity_test_{token}", f"equity_reader_{token}"
    with admin() as con:
        con.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    try:
        yield Throwaway(database_url(name), reader, name)
    finally:
        with admin() as con:
            drop_database(con, name)
            con.execute(sql.SQL("drop role if exists {}").format(sql.Identifier(reader)))


def drop_database(con: psycopg.Connection, name: str) -> None:
    """Drop a test database, connections and all (a role it holds privileges for can then be dropped)."""
    con.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))


def rows(url: str, query: str | sql.Composable, params: list | None = None) -> list[tuple]:
    with psycopg.connect(url, autocommit=True) as con:
        return con.execute(query, params).fetchall()


def shown_publish_id(url: str) -> str | None:
    """What a PostgreSQL reader sees: the one publish_id of every published table (asserted one)."""
    tables = [r[0] for r in rows(url, "select tablename from pg_tables where schemaname = 'published'")]
    if not tables:
        return None
    ids = {
        r[0]
        for t in tables
        if t != "publication_log"
        for r in rows(url, sql.SQL("select distinct publish_id from published.{}").format(sql.Identifier(t)))
    }
    (latest,) = rows(url, "select publish_id from published.publication_log order by published_at desc limit 1")[0]
    assert ids == {latest}, f"published tables carry {ids}, the log names {latest}"
    return latest
