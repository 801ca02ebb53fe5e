"""The PostgreSQL publication's reader role: it exists, it is granted SELECT, and it can do nothing else.

The grants are made afresh on every publish (the tables are new): USAGE on schema `published` and
SELECT on its tables, after revoking whatever default privileges gave the new tables (to PUBLIC or
to the reader). Then the result is checked, not assumed: a reader that could still write (a member
of pg_write_all_data, say) or create in the schema fails the publish, and the transaction rolls back.
"""

from __future__ import annotations

import psycopg
from psycopg import sql

# What a reader must not hold on any published table (has_table_privilege: any of them).
WRITE_PRIVILEGES = "INSERT,UPDATE,DELETE,TRUNCATE,REFERENCES,TRIGGER"


class ReaderRoleError(RuntimeError):
    """The reader role is missing and cannot be created, or could write."""


def ensure_reader(conn: psycopg.Connection, reader: str) -> None:
    """The read-only role exists (created NOLOGIN: login users are made members of it) and is not privileged."""
    found = conn.execute(
        "select rolsuper or rolcreaterole, rolname = current_user or pg_has_role(%s, current_user, 'MEMBER') "
        "from pg_roles where rolname = %s",
        [reader, reader],
    ).fetchone()
    if found is None:
        try:
            with conn.transaction():
                conn.execute(sql.SQL("create role {} nologin").format(sql.Identifier(reader)))
        except psycopg.errors.InsufficientPrivilege as exc:
            raise ReaderRoleError(
                f"the reader role {reader} does not exist and this user may not create it: "
                f"ask the database administrator to run `create role {reader} nologin`"
            ) from exc
    elif any(found):
        # CREATEROLE could grant itself the publisher's role (PostgreSQL 15 and earlier)
        raise ReaderRoleError(
            f"the reader role {reader} is a superuser, may create roles, or is the publishing user (or a member "
            "of it): it could write; name a role that can only read (EQUITY_PUBLISH_POSTGRES_READER)"
        )


def grant_read_only(conn: psycopg.Connection, schema: str, reader: str) -> None:
    """USAGE and SELECT for the reader, nothing for PUBLIC; then verify the reader cannot write."""
    target, role = sql.Identifier(schema), sql.Identifier(reader)
    for statement in (
        "revoke all on schema {schema} from public",
        "revoke all on all tables in schema {schema} from public",
        "revoke all on all tables in schema {schema} from {role}",
        "grant usage on schema {schema} to {role}",
        "grant select on all tables in schema {schema} to {role}",
    ):
        conn.execute(sql.SQL(statement).format(schema=target, role=role))
    writable = conn.execute(
        "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace "
        "where n.nspname = %s and c.relkind = 'r' and has_table_privilege(%s, c.oid, %s) order by 1",
        [schema, reader, WRITE_PRIVILEGES],
    ).fetchall()
    creates = conn.execute("select has_schema_privilege(%s, %s, 'CREATE')", [reader, schema]).fetchone()[0]
    if writable or creates:
        what = ", ".join(r[0] for r in writable[:3]) + (" ..." if len(writable) > 3 else "")
        raise ReaderRoleError(
            f"the reader role {reader} could still write ({what or 'create in schema ' + schema}) through a "
            "membership or privilege this pipeline does not grant (pg_write_all_data?): revoke it"
        )
