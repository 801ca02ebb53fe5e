"""The one generic loader: every source's files go through `ingest_source`.

For each file of a source's landing folder, in as-of/version order:
name -> SHA-256 (re-delivery?) -> decode -> records -> header -> type and validate
-> quarantine or land -> supersede earlier versions. Each file is one transaction,
so a crash never leaves a file half-landed. Files already processed (same name,
same bytes) are skipped, so runs are incremental and idempotent.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pycountry

from equity_pipeline.config import Settings
from equity_pipeline.contracts import Contract
from equity_pipeline.ingest.dates import DateBounds
from equity_pipeline.ingest.files import (
    ExportName,
    FileRejected,
    decode_text,
    list_export_files,
    parse_export_name,
    sha256_of,
)
from equity_pipeline.ingest.header import map_header
from equity_pipeline.ingest.records import load_csv_records, load_xlsx_records
from equity_pipeline.ingest.validate import SQL_TYPES, build_typed_sql, lit, q

LINEAGE_COLUMNS = {
    "_source_file": "varchar",
    "_sha256": "varchar",
    "_line": "bigint",
    "_as_of": "date",
    "_version": "integer",
    "_loaded_at": "timestamptz",
    "_run_id": "varchar",
}

AUDIT_DDL = """
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
"""

STATUSES = ("loaded", "duplicate", "superseded", "rejected", "quarantined")


@dataclass
class FileOutcome:
    file_name: str
    sha256: str
    status: str
    rows_total: int = 0
    rows_landed: int = 0
    rows_quarantined: int = 0
    drift_columns: list[str] = field(default_factory=list)
    message: str = ""
    as_of: dt.date | None = None
    version: int | None = None
    encoding: str | None = None
    superseded: list[str] = field(default_factory=list)


@dataclass
class SourceOutcome:
    source: str
    files: list[FileOutcome] = field(default_factory=list)
    # Files loaded by an earlier run that a file of this run replaced.
    superseded_earlier: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def rows_landed(self) -> int:
        """Rows this run landed that are still current (a file superseded in the run counts 0)."""
        return sum(f.rows_landed for f in self.files if f.status == "loaded")

    @property
    def rows_quarantined(self) -> int:
        return sum(f.rows_quarantined for f in self.files)

    @property
    def drift_warnings(self) -> list[str]:
        return [f"{f.file_name}: unknown column(s) {', '.join(f.drift_columns)}" for f in self.files if f.drift_columns]


def fetch_one(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> tuple | None:
    """First row of a query, with the result fully consumed (DuckDB 2 refuses new work on a half-read result)."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0] if rows else None


def connect_warehouse(settings: Settings) -> duckdb.DuckDBPyConnection:
    """Open the working warehouse for writing, with the local timezone for naive timestamps."""
    settings.warehouse_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(settings.warehouse_path))
    con.execute(f"set TimeZone = {lit(settings.timezone)}")
    return con


def ensure_audit_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(AUDIT_DDL)


def ensure_landed_table(con: duckdb.DuckDBPyConnection, contract: Contract) -> None:
    """Create `landed.<source>`, adding any column a newer contract declares."""
    columns = {c.name: SQL_TYPES[c.type] for c in contract.columns}
    for c in contract.columns:
        if c.pseudonymise:
            columns[c.key_column] = "varchar"
    columns.update(LINEAGE_COLUMNS)
    table = f"landed.{q(contract.source)}"
    con.execute(f"create table if not exists {table} ({', '.join(f'{q(n)} {t}' for n, t in columns.items())})")
    for name, sql_type in columns.items():
        con.execute(f"alter table {table} add column if not exists {q(name)} {sql_type}")


def build_language_reference(con: duckdb.DuckDBPyConnection) -> int:
    """Write `reference.languages`: ISO 639-3 plus ISO 639-5 collectives (such as `ypk`), from pycountry."""
    ensure_audit_schema(con)
    rows = [(lang.alpha_3, lang.name, getattr(lang, "inverted_name", None)) for lang in pycountry.languages]
    rows += [(fam.alpha_3, fam.name, None) for fam in pycountry.language_families]
    languages = pd.DataFrame(rows, columns=["code", "name", "inverted_name"]).drop_duplicates("code")
    con.register("_languages_frame", languages)
    con.execute(
        """
        create or replace table reference.languages as
        select code::varchar as code, name::varchar as name, inverted_name::varchar as inverted_name
        from _languages_frame order by code
        """
    )
    con.unregister("_languages_frame")
    return len(languages)


def ensure_language_lookup(con: duckdb.DuckDBPyConnection, aliases: dict[str, str]) -> None:
    """Temp table `_language_lookup(lookup, code)`: codes, the contract's aliases, then English names.

    A name two codes share is ambiguous and left out; codes always resolve.
    """
    (exists,) = fetch_one(
        con,
        "select count(*) from information_schema.tables where table_schema = 'reference' and table_name = 'languages'",
    )
    if not exists:
        build_language_reference(con)
    alias_frame = pd.DataFrame(list(aliases.items()), columns=["lookup", "code"], dtype="string")
    con.register("_aliases_frame", alias_frame)
    con.execute("create or replace temp table _language_aliases as select lookup, code from _aliases_frame")
    con.unregister("_aliases_frame")
    con.execute(
        """
        create or replace temp table _language_lookup as
        with
        names as (
            select lower(name) as lookup, code from reference.languages
            union
            select lower(inverted_name), code from reference.languages where inverted_name is not null
        ),

        unambiguous_names as (
            select lookup, any_value(code) as code from names group by lookup having count(distinct code) = 1
        ),

        candidates as (
            select lower(code) as lookup, code, 1 as priority from reference.languages
            union all
            select lookup, code, 2 from _language_aliases
            union all
            select lookup, code, 3 from unambiguous_names
        )

        select lookup, arg_min(code, priority) as code from candidates group by lookup
        """
    )


def pseudonym_sql(column_sql: str, key: str) -> tuple[str, list[bytes]]:
    """HMAC-SHA256 of a VARCHAR in SQL, with the key's pads as parameters (RFC 2104)."""
    key_bytes = key.encode("utf-8")
    if len(key_bytes) > 64:
        key_bytes = hashlib.sha256(key_bytes).digest()
    block = key_bytes.ljust(64, b"\0")
    inner = bytes(b ^ 0x36 for b in block)
    outer = bytes(b ^ 0x5C for b in block)
    expr = f"sha256(?::blob || unhex(sha256(?::blob || encode({column_sql}))))"
    return expr, [outer, inner]


def _manifest_insert(
    con: duckdb.DuckDBPyConnection, contract: Contract, outcome: FileOutcome, fmt: str | None, run_id: str
) -> None:
    con.execute(
        "insert into audit.ingest_manifest values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())",
        [
            contract.source,
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
        ],
    )


def _loaded_peers(con: duckdb.DuckDBPyConnection, contract: Contract, name: ExportName) -> list[tuple[str, str, int]]:
    return con.execute(
        """
        select file_name, file_sha256, version from audit.ingest_manifest
        where source = ? and as_of = ? and status = 'loaded'
        """,
        [contract.source, name.as_of],
    ).fetchall()


def _archive(settings: Settings, source: str, path: Path, sha: str) -> None:
    target = settings.archive_dir / source / f"{sha}{path.suffix.lower()}"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)


def ingest_file(
    con: duckdb.DuckDBPyConnection, contract: Contract, path: Path, settings: Settings, run_id: str
) -> FileOutcome | None:
    """Process one file; None when this exact file (name and bytes) was processed before."""
    data = path.read_bytes()
    sha = sha256_of(data)
    seen = fetch_one(
        con,
        "select 1 from audit.ingest_manifest where source = ? and file_name = ? and file_sha256 = ?",
        [contract.source, path.name, sha],
    )
    if seen:
        return None
    _archive(settings, contract.source, path, sha)
    outcome = FileOutcome(file_name=path.name, sha256=sha, status="rejected")
    fmt = None
    con.execute("begin transaction")
    try:
        try:
            name = parse_export_name(contract.source, path.name, contract.formats)
            outcome.as_of, outcome.version, fmt = name.as_of, name.version, name.fmt
            twin = fetch_one(
                con,
                """
                select file_name, status from audit.ingest_manifest
                where source = ? and file_sha256 = ? and status <> 'duplicate'
                order by processed_at limit 1
                """,
                [contract.source, sha],
            )
            if twin:
                outcome.status = "duplicate"
                outcome.message = f"byte-identical to {twin[0]} (already {twin[1]}): not loaded again"
                _manifest_insert(con, contract, outcome, fmt, run_id)
                con.execute("commit")
                return outcome
            if fmt == "xlsx":
                outcome.encoding = "xlsx"
                try:
                    load_xlsx_records(con, data)
                except Exception as exc:  # openpyxl raises many types for a bad workbook
                    raise FileRejected(f"not a readable .xlsx workbook: {type(exc).__name__}: {exc}") from None
            else:
                text, outcome.encoding = decode_text(data)
                load_csv_records(con, text)
            positions, outcome.drift_columns, width = map_header(con, contract)
            _land_or_quarantine(con, contract, name, positions, width, outcome, settings, run_id)
        except FileRejected as exc:
            outcome.status = "rejected"
            outcome.message = str(exc)
        _manifest_insert(con, contract, outcome, fmt, run_id)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return outcome


def _land_or_quarantine(
    con: duckdb.DuckDBPyConnection,
    contract: Contract,
    name: ExportName,
    positions: dict[str, int],
    width: int,
    outcome: FileOutcome,
    settings: Settings,
    run_id: str,
) -> None:
    con.execute(
        build_typed_sql(contract, positions, width, name.as_of, DateBounds(settings.min_date, settings.future_days))
    )
    total, invalid = fetch_one(
        con, "select (select count(*) from _typed), (select count(distinct line) from _problems)"
    )
    outcome.rows_total, outcome.rows_quarantined = total, invalid
    con.execute(
        """
        insert into audit.quarantine
        select ?, ?, ?, p.line, p.column_name, p.reason, r.record_text, ?, now()
        from _problems as p
        join _raw_records as r using (line)
        """,
        [contract.source, outcome.file_name, outcome.sha256, run_id],
    )
    if total and invalid / total > settings.quarantine_threshold:
        outcome.status = "quarantined"
        outcome.message = (
            f"{invalid} of {total} rows invalid ({invalid / total:.1%}), over the "
            f"{settings.quarantine_threshold:.0%} threshold: whole file quarantined"
        )
        return
    peers = _loaded_peers(con, contract, name)
    newer = [p for p in peers if p[2] > name.version]
    if newer:
        outcome.status = "superseded"
        outcome.superseded = []
        outcome.message = f"a newer version is already loaded ({newer[0][0]}): rows not landed"
        return
    same_version_other_name = [p for p in peers if p[2] == name.version and p[0] != outcome.file_name]
    if same_version_other_name:
        raise FileRejected(
            f"same as-of date and version as {same_version_other_name[0][0]}, already loaded: "
            "deliver a correction with a higher _v<N> suffix"
        )
    # Older versions, and this very name with other bytes (an overwritten file), are replaced.
    for peer_name, peer_sha, _ in peers:
        con.execute(
            f"delete from landed.{q(contract.source)} where _sha256 = ? and _source_file = ?", [peer_sha, peer_name]
        )
        con.execute(
            """
            update audit.ingest_manifest set status = 'superseded', superseded_by = ?
            where source = ? and file_name = ? and file_sha256 = ?
            """,
            [f"{outcome.file_name} ({outcome.sha256[:12]})", contract.source, peer_name, peer_sha],
        )
        outcome.superseded.append(peer_name)
    _insert_landed(con, contract, outcome, name, settings, run_id)
    outcome.status = "loaded"
    outcome.rows_landed = total - invalid
    notes = []
    if outcome.superseded:
        notes.append(f"supersedes {', '.join(outcome.superseded)}")
    if outcome.drift_columns:
        notes.append(f"schema drift: unknown column(s) {', '.join(outcome.drift_columns)} ignored")
    if total == 0:
        notes.append("no data rows")
    outcome.message = "; ".join(notes)


def _insert_landed(
    con: duckdb.DuckDBPyConnection,
    contract: Contract,
    outcome: FileOutcome,
    name: ExportName,
    settings: Settings,
    run_id: str,
) -> None:
    select_cols, params = [], []
    for c in contract.columns:
        select_cols.append(q(c.name))
    for c in contract.columns:
        if c.pseudonymise:
            expr, pads = pseudonym_sql(q(c.name), settings.pseudonym_key)
            select_cols.append(f"case when {q(c.name)} is not null then {expr} end")
            params += pads
    select_cols += ["?", "?", "line", "?::date", "?", "now()", "?"]
    params += [outcome.file_name, outcome.sha256, name.as_of, name.version, run_id]
    target_cols = [q(c.name) for c in contract.columns]
    target_cols += [q(c.key_column) for c in contract.columns if c.pseudonymise]
    target_cols += [q(n) for n in LINEAGE_COLUMNS]
    con.execute(
        f"insert into landed.{q(contract.source)} ({', '.join(target_cols)}) "
        f"select {', '.join(select_cols)} from _typed anti join _problems using (line)",
        params,
    )


def _file_order(contract: Contract, path: Path) -> tuple:
    """Process in as-of, then version order, so the newest version wins; bad names first."""
    try:
        name = parse_export_name(contract.source, path.name, contract.formats)
        return (1, name.as_of, name.version, path.name)
    except FileRejected:
        return (0, dt.date.min, 0, path.name)


def ingest_source(con: duckdb.DuckDBPyConnection, contract: Contract, settings: Settings, run_id: str) -> SourceOutcome:
    """Land every new or changed file of one source; return what happened to each."""
    ensure_audit_schema(con)
    ensure_landed_table(con, contract)
    if any(c.type == "language" for c in contract.columns):
        ensure_language_lookup(con, contract.language_aliases)
    result = SourceOutcome(source=contract.source)
    folder = settings.raw_dir / contract.source
    by_name: dict[str, FileOutcome] = {}
    for path in sorted(list_export_files(folder), key=lambda p: _file_order(contract, p)):
        outcome = ingest_file(con, contract, path, settings, run_id)
        if outcome is None:
            continue
        for name in outcome.superseded:
            earlier = by_name.get(name)
            if earlier is not None:  # loaded earlier in this same run, replaced now
                earlier.status = "superseded"
                earlier.message = f"superseded by {outcome.file_name}"
            else:
                result.superseded_earlier.append(name)
        by_name[outcome.file_name] = outcome
        result.files.append(outcome)
    return result


def outcome_metadata(outcome: SourceOutcome) -> dict[str, object]:
    """Plain values describing a source's ingestion, for Dagster metadata and the summary."""
    return {
        "files_loaded": outcome.count("loaded"),
        "files_duplicate": outcome.count("duplicate"),
        "files_superseded": outcome.count("superseded") + len(outcome.superseded_earlier),
        "files_rejected": outcome.count("rejected"),
        "files_quarantined": outcome.count("quarantined"),
        "rows_landed": outcome.rows_landed,
        "rows_quarantined": outcome.rows_quarantined,
        "drift_warnings": json.dumps(outcome.drift_warnings),
    }
