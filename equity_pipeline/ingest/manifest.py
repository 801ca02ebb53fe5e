"""The loader's audit tables: the manifest of every file seen, quarantined rows, the run's
landing-folder warnings and the pseudonymisation key's fingerprint.

`reason` is the published, fixed phrase of a file's outcome; `message` may add detail (an
exception's text, an operator's note) and stays in the working warehouse.
"""

from __future__ import annotations

import duckdb

from equity_pipeline.ingest.landing import LandingWarning
from equity_pipeline.ingest.outcome import FileOutcome

STATUSES = ("loaded", "duplicate", "superseded", "rejected", "quarantined", "withdrawn")

# Rows written before `reason` existed may carry exception text in `message`: they get a
# neutral phrase rather than their message, so nothing unvetted is published.
LEGACY_REASON = "recorded before fixed reasons were kept: see audit.ingest_manifest"

AUDIT_DDL = f"""
create schema if not exists landed;
create schema if not exists audit;
create schema if not exists reference;
create table if not exists audit.ingest_manifest (
    source varchar not null,
    file_name varchar not null,
    file_sha256 varchar not null,
    as_of date,
    version integer,
    file_format varchar,
    encoding varchar,
    status varchar not null,
    rows_total bigint,
    rows_landed bigint,
    rows_quarantined bigint,
    drift_columns varchar,
    message varchar,
    superseded_by varchar,
    run_id varchar,
    processed_at timestamptz not null,
    primary key (source, file_name, file_sha256)
);
alter table audit.ingest_manifest add column if not exists reason varchar;
alter table audit.ingest_manifest add column if not exists withdrawn_at timestamptz;
update audit.ingest_manifest set reason = '{LEGACY_REASON}'
where reason is null and status in ('rejected', 'quarantined', 'withdrawn');
create table if not exists audit.quarantine (
    source varchar not null,
    file_name varchar not null,
    file_sha256 varchar not null,
    line bigint not null,
    column_name varchar,
    reason varchar not null,
    raw_record varchar,
    run_id varchar,
    quarantined_at timestamptz not null
);
create table if not exists audit.landing_warnings (
    run_id varchar not null,
    source varchar,
    path varchar not null,
    kind varchar not null,
    message varchar not null,
    noted_at timestamptz not null
);
create table if not exists audit.pseudonym_key (
    fingerprint varchar not null,
    created_at timestamptz not null
);
"""


def ensure_audit_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(AUDIT_DDL)


def manifest_insert(
    con: duckdb.DuckDBPyConnection, source: str, outcome: FileOutcome, fmt: str | None, run_id: str
) -> None:
    con.execute(
        """
        insert into audit.ingest_manifest (
            source, file_name, file_sha256, as_of, version, file_format, encoding, status,
            rows_total, rows_landed, rows_quarantined, drift_columns, message, superseded_by,
            run_id, processed_at, reason
        )
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now(), ?)
        """,
        [
            source,
            outcome.file_name,
            outcome.sha256,
            outcome.as_of,
            outcome.version,
            fmt,
            outcome.encoding,
            outcome.status,
            outcome.rows_total,
            outcome.rows_landed,
            outcome.rows_quarantined,
            ", ".join(outcome.drift_columns) or None,
            outcome.message or None,
            None,
            run_id,
            outcome.reason or outcome.message or None,
        ],
    )


def record_landing_warnings(
    con: duckdb.DuckDBPyConnection, run_id: str, warnings: list[LandingWarning]
) -> list[LandingWarning]:
    """Keep the run's warnings, one row per run and path however many assets of the run saw
    it (every landed asset sees the top of the landing folder); return those new to the run."""
    noted = []
    for w in warnings:
        inserted = con.execute(
            """
            insert into audit.landing_warnings
            select ?, ?, ?, ?, ?, now()
            where not exists (select 1 from audit.landing_warnings where run_id = ? and path = ?)
            returning path
            """,
            [run_id, w.source, w.path, w.kind, w.message, run_id, w.path],
        ).fetchall()
        if inserted:
            noted.append(w)
    return noted


def landing_warnings(con: duckdb.DuckDBPyConnection, run_id: str) -> list[LandingWarning]:
    """This run's landing-folder warnings and skipped files, for the run summary."""
    exists = con.execute(
        "select count(*) from information_schema.tables "
        "where table_schema = 'audit' and table_name = 'landing_warnings'"
    ).fetchall()[0][0]
    if not exists:
        return []
    rows = con.execute(
        "select source, path, kind, message from audit.landing_warnings where run_id = ? order by kind, path",
        [run_id],
    ).fetchall()
    return [LandingWarning(source=r[0], path=r[1], kind=r[2], message=r[3]) for r in rows]
