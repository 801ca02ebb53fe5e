"""The one generic loader: every source's files go through `ingest_source`.

For each file of a source's landing folder, in as-of/version order:
name -> SHA-256 (re-delivery?) -> decode -> records -> header -> type and validate
-> quarantine or land -> supersede earlier versions. Each file is one transaction,
so a crash never leaves a file half-landed. Files already processed (same name,
same bytes) are skipped, so runs are incremental and idempotent.

Beside it: landing.py (which entries of the landing folder are read, and warnings for
the rest), manifest.py (the audit tables), archive.py, pseudonym.py (hashed ids and the
key check), languages.py, outcome.py (what happened, as metadata), withdraw.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb

from equity_pipeline.config import Settings
from equity_pipeline.contracts import Contract, all_contracts
from equity_pipeline.ingest.archive import archive_bytes
from equity_pipeline.ingest.dates import DateBounds
from equity_pipeline.ingest.files import (
    ExportName,
    FileRejected,
    decode_text,
    parse_export_name,
    reject_future_as_of,
    sha256_of,
)
from equity_pipeline.ingest.header import map_header
from equity_pipeline.ingest.landing import LandingWarning, display_name, scan_root, scan_source
from equity_pipeline.ingest.languages import ensure_language_lookup
from equity_pipeline.ingest.manifest import ensure_audit_schema, manifest_insert, record_landing_warnings
from equity_pipeline.ingest.outcome import FileOutcome, SourceOutcome
from equity_pipeline.ingest.pseudonym import check_pseudonym_key, pseudonym_sql
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

NOT_UTF8_NAME = "file name is not valid UTF-8 (undecodable bytes shown as \\xNN): rename the file"
LOCK_FILE = (
    "Excel lock file of an open workbook (Excel writes ~$<name> while the workbook is open; "
    "it is not an export): close the workbook, and delete this file if it remains"
)


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


def _loaded_peers(con: duckdb.DuckDBPyConnection, contract: Contract, name: ExportName) -> list[tuple[str, str, int]]:
    return con.execute(
        """
        select file_name, file_sha256, version from audit.ingest_manifest
        where source = ? and as_of = ? and status = 'loaded'
        """,
        [contract.source, name.as_of],
    ).fetchall()


def ingest_file(
    con: duckdb.DuckDBPyConnection,
    contract: Contract,
    path: Path,
    data: bytes,
    settings: Settings,
    run_id: str,
    today: dt.date,
) -> FileOutcome | None:
    """Process one file's bytes; None when this exact file (name and bytes) was processed before."""
    file_name = display_name(path.name)
    sha = sha256_of(data)
    seen = fetch_one(
        con,
        "select 1 from audit.ingest_manifest where source = ? and file_name = ? and file_sha256 = ?",
        [contract.source, file_name, sha],
    )
    if seen:
        return None
    archive_bytes(settings, contract.source, path.suffix, data, sha)
    outcome = FileOutcome(file_name=file_name, sha256=sha, status="rejected")
    fmt = None
    con.execute("begin transaction")
    try:
        try:
            if file_name != path.name:
                raise FileRejected(NOT_UTF8_NAME)
            if file_name.startswith("~$"):
                raise FileRejected(LOCK_FILE)
            name = parse_export_name(contract.source, file_name, contract.formats)
            outcome.as_of, outcome.version, fmt = name.as_of, name.version, name.fmt
            reject_future_as_of(name.as_of, today, settings.future_as_of_days, settings.timezone)
            # Re-delivery is bytes that are *currently* loaded: bytes equal to a superseded,
            # withdrawn, rejected or quarantined file are processed (a v3 restoring v1 is a correction).
            twin = fetch_one(
                con,
                """
                select file_name from audit.ingest_manifest
                where source = ? and file_sha256 = ? and status = 'loaded'
                order by processed_at limit 1
                """,
                [contract.source, sha],
            )
            if twin:
                outcome.status = "duplicate"
                outcome.message = f"byte-identical to {twin[0]} (loaded): not loaded again"
                manifest_insert(con, contract.source, outcome, fmt, run_id)
                con.execute("commit")
                return outcome
            if fmt == "xlsx":
                outcome.encoding = "xlsx"
                try:
                    load_xlsx_records(con, data)
                except Exception as exc:  # openpyxl raises many types for a bad workbook
                    # Its text may quote cell values: detail for the working warehouse only.
                    raise FileRejected("not a readable .xlsx workbook", f"{type(exc).__name__}: {exc}") from None
            else:
                text, outcome.encoding = decode_text(data)
                load_csv_records(con, text)
            positions, outcome.drift_columns, width = map_header(con, contract)
            _land_or_quarantine(con, contract, name, positions, width, outcome, settings, run_id)
        except FileRejected as exc:
            outcome.status = "rejected"
            outcome.message, outcome.reason = exc.message, exc.reason
        manifest_insert(con, contract.source, outcome, fmt, run_id)
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


def ingest_source(
    con: duckdb.DuckDBPyConnection,
    contract: Contract,
    settings: Settings,
    run_id: str,
    now: dt.datetime | None = None,
) -> SourceOutcome:
    """Land every new or changed file of one source; return what happened to each.

    `now` is the run's clock (default: the current time): files modified less than the
    settle time before it are skipped, and as-of dates are compared with its date in
    EQUITY_TIMEZONE. Raises PseudonymKeyMismatch, landing nothing, when the key changed.
    """
    ensure_audit_schema(con)
    check_pseudonym_key(con, settings)
    ensure_landed_table(con, contract)
    if any(c.type == "language" for c in contract.columns):
        ensure_language_lookup(con, contract.language_aliases)
    now = now or dt.datetime.now(dt.UTC)
    today = now.astimezone(ZoneInfo(settings.timezone)).date()
    scan = scan_source(settings, contract.source, now)
    result = SourceOutcome(source=contract.source, landing=scan.landing)
    by_name: dict[str, FileOutcome] = {}
    for path in sorted(scan.files, key=lambda p: _file_order(contract, p)):
        try:
            data = path.read_bytes()
        except OSError as exc:  # a share refusing access, a file removed since the scan
            where = f"{contract.source}/{display_name(path.name)}"
            message = f"cannot be read ({exc.strerror}): retried on the next run"
            result.landing.append(LandingWarning(contract.source, where, "warning", message))
            continue
        outcome = ingest_file(con, contract, path, data, settings, run_id, today)
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
    record_landing_warnings(con, run_id, result.landing)
    # The top of the landing folder is shown on the first landed asset of the run that saw it.
    result.landing += record_landing_warnings(con, run_id, scan_root(settings, all_contracts()))
    result.landing.sort(key=lambda w: w.path)
    return result
