"""The PostgreSQL publication against what a real database may hold: tricky values, another encoding,
default privileges, a reader that could write, a view someone built on the tables, a schema of the same
name that is not ours, and a publisher that is not a superuser. Each publishes a small hand-built
publication file straight through publish_to_postgres (no pipeline run), on the real server.
"""

from pathlib import Path

import duckdb
import psycopg
import pytest
from psycopg import sql

from equity_pipeline.publish.postgres import PostgresPublishError, publish_to_postgres
from tests.postgres_support import admin, database_url, drop_database, rows, throwaway_database

TRICKY = """
select * from (values
    (1, 0.1::double + 0.2::double, 5e-324::double, 'nan'::double, '-0.0'::double, 123456789012.34::decimal(14,2),
     'say "hi", \\N and a\nnew line', '', null::varchar, true, date '0001-01-01',
     timestamptz '2026-12-01 19:47:22.341629+00', '{"a": [1, "é"]}'::json),
    (2, 'inf'::double, 1.7976931348623157e308::double, null, 2.0 / 3, -0.01::decimal(14,2),
     'José ñ 😀', 'NULL', '\\.', false, date '9999-12-31', null, null)
) t(id, a, b, c, d, money, s, empty, missing, flag, day, moment, j)
"""


def built(folder: Path, table_sql: str, publish_id: str = "p1") -> Path:
    """A publication file as publisher.py builds one: a table and its publication_log."""
    path = folder / publish_id / "published.duckdb"
    path.parent.mkdir(parents=True)
    with duckdb.connect(str(path)) as con:
        con.execute(f"create table t as select '{publish_id}' as publish_id, * from ({table_sql})")
        con.execute(f"create table publication_log as select '{publish_id}' as publish_id, now() as published_at")
    return path


def publish(url: str, path: Path, reader: str, wait: int = 5) -> list[str]:
    return publish_to_postgres(url, path, reader, wait, scratch_dir=path.parent)


def shown(url: str) -> list[tuple]:
    return rows(url, "select publish_id, count(*) from published.t group by 1")


@pytest.fixture
def db():
    with throwaway_database() as database:
        yield database


def test_every_value_arrives_exactly(db, tmp_path) -> None:
    path = built(tmp_path, TRICKY)
    publish(db.url, path, db.reader)
    with duckdb.connect(str(path), read_only=True) as con:
        expected = con.execute("select * exclude (j), j::varchar from t order by id").fetchall()
    found = rows(db.url, "select publish_id, id, a, b, c, d, money, s, empty, missing, flag, day, moment, "
                         "j::text from published.t order by id")  # fmt: skip
    # repr: floats bit for bit (nan, -0.0 included), Decimals with their scale, NULL apart from ''
    assert [repr(r[:12]) for r in found] == [repr(r[:12]) for r in expected]
    assert [r[12] for r in found] == [r[12] for r in expected]  # the same instants
    assert [r[13] for r in found] == [r[13] for r in expected]  # json text as written


def test_a_database_in_another_encoding_converts_or_refuses_never_garbles(tmp_path) -> None:
    with throwaway_database() as db:
        latin1 = f"{db.name}_latin1"
        with admin() as con:
            con.execute(
                sql.SQL("create database {} encoding 'LATIN1' lc_collate 'C' lc_ctype 'C' template template0").format(
                    sql.Identifier(latin1)
                )
            )
        try:
            url = database_url(latin1)
            publish(url, built(tmp_path, "select 'José ñ' as s"), db.reader)
            assert rows(url, "select s from published.t") == [("José ñ",)]
            with pytest.raises(PostgresPublishError, match="nothing changed.*LATIN1"):
                publish(url, built(tmp_path, "select 'emoji 😀' as s", "p2"), db.reader)
            assert rows(url, "select publish_id, s from published.t") == [("p1", "José ñ")]
        finally:
            with admin() as con:
                drop_database(con, latin1)


def test_default_privileges_give_the_reader_no_write_and_public_no_read(db, tmp_path) -> None:
    other = f"{db.reader}_other"
    with psycopg.connect(db.url, autocommit=True) as con:
        con.execute(sql.SQL("create role {} nologin").format(sql.Identifier(db.reader)))
        con.execute(sql.SQL("create role {} nologin").format(sql.Identifier(other)))
        con.execute(
            sql.SQL("alter default privileges grant insert, update, delete on tables to {}").format(
                sql.Identifier(db.reader)
            )
        )
        con.execute("alter default privileges grant select on tables to public")
    try:
        publish(db.url, built(tmp_path, "select 1 as x"), db.reader)
        with psycopg.connect(db.url, autocommit=True) as con:
            con.execute(f"set role {db.reader}")
            assert con.execute("select count(*) from published.t").fetchone() == (1,)
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                con.execute("insert into published.t (x) values (2)")
            con.execute("reset role")
            con.execute(f"set role {other}")  # any other role: PUBLIC's default SELECT was revoked
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                con.execute("select count(*) from published.t")
    finally:
        with admin() as con:
            drop_database(con, db.name)
            con.execute(sql.SQL("drop role {}").format(sql.Identifier(other)))


def test_a_reader_that_could_write_fails_the_publish_and_changes_nothing(db, tmp_path) -> None:
    publish(db.url, built(tmp_path, "select 1 as x"), db.reader)
    with admin() as con:
        con.execute(sql.SQL("grant pg_write_all_data to {}").format(sql.Identifier(db.reader)))
    # refused after the swap's statements ran: the rollback undoes them
    with pytest.raises(PostgresPublishError, match="could still write \\(publication_log, t\\).*pg_write_all_data"):
        publish(db.url, built(tmp_path, "select 1 as x union all select 2", "p2"), db.reader)
    assert shown(db.url) == [("p1", 1)]
    with admin() as con:
        con.execute(sql.SQL("alter role {} createrole").format(sql.Identifier(db.reader)))
    with pytest.raises(PostgresPublishError, match="may create roles"):
        publish(db.url, built(tmp_path, "select 3 as x", "p3"), db.reader)


def test_a_view_on_the_published_tables_fails_the_publish_naming_it_and_survives(db, tmp_path) -> None:
    publish(db.url, built(tmp_path, "select 1 as x"), db.reader)
    with psycopg.connect(db.url, autocommit=True) as con:
        con.execute("create schema bi; create view bi.totals as select sum(x) as total from published.t")
    with pytest.raises(PostgresPublishError, match="nothing changed.*view bi.totals depends on table"):
        publish(db.url, built(tmp_path, "select 5 as x", "p2"), db.reader)
    assert rows(db.url, "select total from bi.totals") == [(1,)] and shown(db.url) == [("p1", 1)]


def test_a_published_schema_that_is_not_ours_is_left_alone(db, tmp_path) -> None:
    with psycopg.connect(db.url, autocommit=True) as con:
        con.execute("create schema published; create table published.theirs (x int)")
    with pytest.raises(PostgresPublishError, match="schema published exists and is not this pipeline's"):
        publish(db.url, built(tmp_path, "select 1 as x"), db.reader)
    assert rows(db.url, "select tablename from pg_tables where schemaname = 'published'") == [("theirs",)]


def test_a_publisher_without_createrole_is_told_to_ask_for_the_reader_then_publishes(tmp_path) -> None:
    with throwaway_database() as db:
        publisher = f"{db.reader}_publisher"
        try:  # the role is cluster-wide: dropped whatever fails, from its creation on
            with admin() as con:
                con.execute(sql.SQL("create role {} login").format(sql.Identifier(publisher)))
                owner = sql.SQL("alter database {} owner to {}")
                con.execute(owner.format(sql.Identifier(db.name), sql.Identifier(publisher)))
            url = psycopg.conninfo.make_conninfo(db.url, user=publisher)
            with pytest.raises(PostgresPublishError, match=f"ask the database administrator.*create role {db.reader}"):
                publish(url, built(tmp_path, "select 1 as x"), db.reader)
            with admin() as con:
                con.execute(sql.SQL("create role {} nologin").format(sql.Identifier(db.reader)))
            publish(url, built(tmp_path, "select 1 as x", "p2"), db.reader)
            with psycopg.connect(db.url, autocommit=True) as con:
                con.execute(f"set role {db.reader}")
                assert con.execute("select publish_id, x from published.t").fetchall() == [("p2", 1)]
        finally:
            with admin() as con:
                drop_database(con, db.name)
                con.execute(sql.SQL("drop role if exists {}").format(sql.Identifier(publisher)))


def test_a_repeatable_read_reader_that_began_before_a_publish_finds_the_new_rows(db, tmp_path) -> None:
    publish(db.url, built(tmp_path, "select 1 as x"), db.reader)
    with psycopg.connect(db.url) as reader:
        reader.execute("set transaction isolation level repeatable read")
        reader.execute("select 1")  # its snapshot is taken now, before the publish
        publish(db.url, built(tmp_path, "select 1 as x union all select 2", "p2"), db.reader)
        # the new tables were created after its snapshot: without COPY FREEZE their rows would be invisible
        assert reader.execute("select publish_id, count(*) from published.t group by 1").fetchall() == [("p2", 2)]
