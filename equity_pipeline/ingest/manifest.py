"""The loader's audit tables: the manifest of every file seen, quarantined rows, the run's
landing-folder warnings and the pseudonymisation key's fingerprint; the manifest's writes, and
its look-ups as named rows.

`reason` is the published, fixed phrase of a file's outcome; `message` may add detail (an
exception's text, an operator's note) and stays in the working warehouse.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import duckdb

from equity_pipeline.ingest.landing import LandingWarning
from equity_pipeline.ingest.outcome import FileOutcome
from equity_pipeline.sql import fetch_one

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
    superseded_by_file varchar,
    superseded_by_sha256 varchar,
    run_id varchar,
    processed_at timestamptz not null,
    primary key (source, file_name, file_sha256)
);
alter table audit.ingest_manifest add column if not exists reason varchar;
alter table audit.ingest_manifest add column if not exists withdrawn_at timestamptz;
alter table audit.ingest_manifest add column if not exists superseded_by_file varchar;
alter table audit.ingest_manifest add column if not exists superseded_by_sha256 varchar;
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


# Warehouses written by earlier versions name the superseding file in one varchar,
# "<file name> (<first 12 hex digits of its SHA-256>)": ensure_audit_schema splits it.
_OLD_SUPERSEDED_BY = r"^(\S+) \(([0-9a-f]{12})\)$"
_MIGRATE_SUPERSEDED_BY = f"""
update audit.ingest_manifest as m
set superseded_by_file = matched.file_name, superseded_by_sha256 = matched.file_sha256
from (
    select old.source, old.file_name as old_file, old.file_sha256 as old_sha, new.file_name, new.file_sha256
    from audit.ingest_manifest as old
    inner join audit.ingest_manifest as new
        on new.source = old.source
        and new.file_name = regexp_extract(old.superseded_by, '{_OLD_SUPERSEDED_BY}', 1)
        and left(new.file_sha256, 12) = regexp_extract(old.superseded_by, '{_OLD_SUPERSEDED_BY}', 2)
    -- 12 hex digits could in principle match two deliveries of one name: such a row is not guessed.
    qualify count(*) over (partition by old.source, old.file_name, old.file_sha256) = 1
) as matched
where m.source = matched.source and m.file_name = matched.old_file and m.file_sha256 = matched.old_sha
"""


def ensure_audit_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the audit tables, and bring a warehouse written by an earlier version up to date."""
    con.execute(AUDIT_DDL)
    _migrate_superseded_by(con)


def _migrate_superseded_by(con: duckdb.DuckDBPyConnection) -> None:
    """Split the old `superseded_by` into file name and full SHA-256, then drop it.

    Idempotent: the new columns are recomputed from the old one on every try, and the old
    column is dropped last, only once every value found its superseding manifest row.
    """
    (old_column,) = fetch_one(
        con,
        """
        select count(*) from information_schema.columns
        where table_catalog = current_database() and table_schema = 'audit'
            and table_name = 'ingest_manifest' and column_name = 'superseded_by'
        """,
    )
    if not old_column:
        return
    con.execute(_MIGRATE_SUPERSEDED_BY)
    (unmatched,) = fetch_one(
        con,
        "select count(*) from audit.ingest_manifest where superseded_by is not null and superseded_by_sha256 is null",
    )
    if unmatched:
        raise RuntimeError(
            f"audit.ingest_manifest: {unmatched} row(s) whose superseded_by does not name exactly one manifest "
            "row as '<file name> (<12 hex digits>)'; the column is kept: correct those rows and run again"
        )
    con.execute("alter table audit.ingest_manifest drop column superseded_by")


class LoadedFile(NamedTuple):
    """A manifest row whose rows are currently in `landed.<source>`."""

    file_name: str
    file_sha256: str
    version: int


class ManifestEntry(NamedTuple):
    file_sha256: str
    status: str


def manifest_insert(
    con: duckdb.DuckDBPyConnection, source: str, outcome: FileOutcome, fmt: str | None, run_id: str
) -> None:
    row = {
        "source": source,
        "file_name": outcome.file_name,
        "file_sha256": outcome.sha256,
        "as_of": outcome.as_of,
        "version": outcome.version,
        "file_format": fmt,
        "encoding": outcome.encoding,
        "status": outcome.status,
        "rows_total": outcome.rows_total,
        "rows_landed": outcome.rows_landed,
        "rows_quarantined": outcome.rows_quarantined,
        "drift_columns": ", ".join(outcome.drift_columns) or None,
        "message": outcome.message or None,
        "run_id": run_id,
        "reason": outcome.reason or outcome.message or None,
    }
    placeholders = ", ".join(["?"] * len(row))
    con.execute(
        f"insert into audit.ingest_manifest ({', '.join(row)}, processed_at) values ({placeholders}, now())",
        list(row.values()),
    )


def was_processed(con: duckdb.DuckDBPyConnection, source: str, file_name: str, sha256: str) -> bool:
    """Whether this name with these bytes has a manifest row, whatever its status."""
    return bool(
        fetch_one(
            con,
            "select 1 from audit.ingest_manifest where source = ? and file_name = ? and file_sha256 = ?",
            [source, file_name, sha256],
        )
    )


def loaded_twin(con: duckdb.DuckDBPyConnection, source: str, sha256: str) -> LoadedFile | None:
    """The first loaded file with these bytes, under any name."""
    row = fetch_one(
        con,
        """
        select file_name, file_sha256, version from audit.ingest_manifest
        where source = ? and file_sha256 = ? and status = 'loaded'
        order by processed_at limit 1
        """,
        [source, sha256],
    )
    return LoadedFile(*row) if row else None


def loaded_peers(con: duckdb.DuckDBPyConnection, source: str, as_of: dt.date) -> list[LoadedFile]:
    """The loaded files of this as-of date (every version and name)."""
    rows = con.execute(
        """
        select file_name, file_sha256, version from audit.ingest_manifest
        where source = ? and as_of = ? and status = 'loaded'
        """,
        [source, as_of],
    ).fetchall()
    return [LoadedFile(*r) for r in rows]


def entries_named(con: duckdb.DuckDBPyConnection, source: str, file_name: str) -> list[ManifestEntry]:
    """Every delivery of this name, oldest first."""
    rows = con.execute(
        "select file_sha256, status from audit.ingest_manifest where source = ? and file_name = ? "
        "order by processed_at",
        [source, file_name],
    ).fetchall()
    return [ManifestEntry(*r) for r in rows]


def mark_superseded(
    con: duckdb.DuckDBPyConnection, source: str, peer: LoadedFile, by_file: str, by_sha256: str
) -> None:
    con.execute(
        """
        update audit.ingest_manifest
        set status = 'superseded', superseded_by_file = ?, superseded_by_sha256 = ?
        where source = ? and file_name = ? and file_sha256 = ?
        """,
        [by_file, by_sha256, source, peer.file_name, peer.file_sha256],
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
