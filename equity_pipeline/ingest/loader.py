"""The one generic loader: every source's files go through `ingest_source`.

For each file of a source's landing folder, in as-of/version order:
name -> SHA-256 (re-delivery?) -> decode -> records -> header -> type and validate
-> quarantine or land -> supersede earlier versions. Each file is one transaction,
so a crash never leaves a file half-landed. Files already processed (same name,
same bytes) are skipped, so runs are incremental and idempotent.

This module reads and writes; what becomes of a file is decided in decide.py, from plain
facts. Beside it: landing.py (which entries of the landing folder are read, and warnings for
the rest), manifest.py (the audit tables and their look-ups), landed.py (the landed tables),
archive.py, pseudonym.py (hashed ids and the key check), languages.py, outcome.py (what
happened, as metadata), withdraw.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import cast
from zoneinfo import ZoneInfo

import duckdb

from equity_pipeline.config import Settings
from equity_pipeline.contracts import Contract, all_contracts
from equity_pipeline.ingest.archive import archive_bytes
from equity_pipeline.ingest.dates import DateBounds
from equity_pipeline.ingest.decide import Decision, FileFacts, RowCounts, decide, decide_before_reading
from equity_pipeline.ingest.files import (
    ExportName,
    FileRejected,
    decode_text,
    parse_export_name,
    reject_future_as_of,
    sha256_of,
)
from equity_pipeline.ingest.header import map_header
from equity_pipeline.ingest.landed import delete_landed, ensure_landed_table, insert_landed
from equity_pipeline.ingest.landing import LandingWarning, display_name, scan_root, scan_source
from equity_pipeline.ingest.languages import ensure_language_lookup
from equity_pipeline.ingest.manifest import (
    ensure_audit_schema,
    loaded_peers,
    loaded_twin,
    manifest_insert,
    mark_superseded,
    record_landing_warnings,
    was_processed,
)
from equity_pipeline.ingest.outcome import FileOutcome, SourceOutcome
from equity_pipeline.ingest.pseudonym import check_pseudonym_key
from equity_pipeline.ingest.records import load_csv_records, load_xlsx_records
from equity_pipeline.ingest.validate import build_typed_sql
from equity_pipeline.sql import fetch_one, lit


def connect_warehouse(settings: Settings) -> duckdb.DuckDBPyConnection:
    """Open the working warehouse for writing, with the local timezone for naive timestamps."""
    settings.warehouse_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(settings.warehouse_path))
    con.execute(f"set TimeZone = {lit(settings.timezone)}")
    return con


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
    if was_processed(con, contract.source, file_name, sha):
        return None
    archive_bytes(settings, contract.source, path.suffix, data, sha)
    outcome = FileOutcome(file_name=file_name, sha256=sha, status="rejected")
    fmt = None
    con.execute("begin transaction")
    try:
        export, name_problem = None, None
        try:
            export = parse_export_name(contract.source, file_name, contract.formats)
            outcome.as_of, outcome.version, fmt = export.as_of, export.version, export.fmt
            reject_future_as_of(export.as_of, today, settings.future_as_of_days, settings.timezone)
        except FileRejected as exc:
            name_problem = exc
        facts = FileFacts(
            file_name=file_name,
            name_is_utf8=file_name == path.name,
            export=export,
            name_problem=name_problem,
            twin=loaded_twin(con, contract.source, sha),
        )
        decision = decide_before_reading(facts)
        if decision is None:
            try:
                decision = _read_and_decide(con, contract, facts, data, outcome, settings, run_id)
            except FileRejected as exc:
                decision = Decision.rejected(exc)
        _carry_out(con, contract, decision, outcome, settings, run_id)
        manifest_insert(con, contract.source, outcome, fmt, run_id)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return outcome


def _read_and_decide(
    con: duckdb.DuckDBPyConnection,
    contract: Contract,
    facts: FileFacts,
    data: bytes,
    outcome: FileOutcome,
    settings: Settings,
    run_id: str,
) -> Decision:
    """Read, type and validate the rows, keep the invalid ones in `audit.quarantine`, and decide."""
    export = cast(ExportName, facts.export)  # decide_before_reading settled every file without one
    if export.fmt == "xlsx":
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
    con.execute(
        build_typed_sql(contract, positions, width, export.as_of, DateBounds(settings.min_date, settings.future_days))
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
    return decide(
        facts,
        RowCounts(total=total, invalid=invalid),
        settings.quarantine_threshold,
        loaded_peers(con, contract.source, export.as_of),
        outcome.drift_columns,
    )


def _carry_out(
    con: duckdb.DuckDBPyConnection,
    contract: Contract,
    decision: Decision,
    outcome: FileOutcome,
    settings: Settings,
    run_id: str,
) -> None:
    """Record the decision on the outcome and, for a loaded file, replace its peers' rows with its own."""
    outcome.status, outcome.message, outcome.reason = decision.status, decision.message, decision.reason
    if decision.status != "loaded":
        return
    for peer in decision.replaces:
        delete_landed(con, contract.source, peer.file_name, peer.file_sha256)
        mark_superseded(con, contract.source, peer, outcome.file_name, outcome.sha256)
        outcome.superseded.append(peer.file_name)
    insert_landed(
        con,
        contract,
        outcome.file_name,
        outcome.sha256,
        outcome.as_of,
        outcome.version,
        settings.pseudonym_key,
        run_id,
    )
    outcome.rows_landed = outcome.rows_total - outcome.rows_quarantined


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
