"""Keyed hashing of ids (HMAC-SHA256 in SQL) and the check that the key has not changed.

A changed EQUITY_PSEUDONYM_KEY gives every person a new hashed id, so history splits in
two silently. The warehouse therefore keeps a fingerprint of its key (an HMAC of a fixed
label: it identifies the key without revealing it) and refuses to land with another key.
"""

from __future__ import annotations

import hashlib
import hmac

import duckdb

from equity_pipeline.config import Settings
from equity_pipeline.contracts import Contract
from equity_pipeline.sql import q

FINGERPRINT_LABEL = b"equity-pipeline key fingerprint v1"


class PseudonymKeyMismatch(Exception):
    """EQUITY_PSEUDONYM_KEY is not the key the warehouse was built with."""


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


def key_columns_sql(contract: Contract, key: str) -> tuple[list[str], list[str], list[bytes]]:
    """For each pseudonymised column: its `<name>_key` target column, the SQL hashing it, and the pads.

    A missing id stays NULL rather than becoming the hash of an empty value.
    """
    targets, exprs, params = [], [], []
    for c in contract.columns:
        if c.pseudonymise:
            expr, pads = pseudonym_sql(q(c.name), key)
            targets.append(q(c.key_column))
            exprs.append(f"case when {q(c.name)} is not null then {expr} end")
            params += pads
    return targets, exprs, params


def key_fingerprint(key: str) -> str:
    return hmac.new(key.encode("utf-8"), FINGERPRINT_LABEL, hashlib.sha256).hexdigest()


def check_pseudonym_key(con: duckdb.DuckDBPyConnection, settings: Settings) -> None:
    """Store the key's fingerprint on first use; raise PseudonymKeyMismatch when it differs.

    Expects the audit schema (manifest.ensure_audit_schema).
    """
    current = key_fingerprint(settings.pseudonym_key)
    stored = [r[0] for r in con.execute("select fingerprint from audit.pseudonym_key").fetchall()]
    if not stored:
        # A warehouse landed before fingerprints were kept: one hashed id tells whether the key is the same.
        sample = _hashed_id_sample(con)
        key = settings.pseudonym_key.encode("utf-8")
        if sample is None or hmac.new(key, sample[0].encode("utf-8"), hashlib.sha256).hexdigest() == sample[1]:
            con.execute("insert into audit.pseudonym_key values (?, now())", [current])
            return
    if current not in stored:
        raise PseudonymKeyMismatch(
            "EQUITY_PSEUDONYM_KEY is not the key this warehouse was built with: every hashed id would change "
            "and no history would join. Restore the original key, or set EQUITY_WAREHOUSE_DIR to a new "
            "warehouse to start over with this key. Nothing was landed."
        )


def _hashed_id_sample(con: duckdb.DuckDBPyConnection) -> tuple[str, str] | None:
    """One (id, hashed id) pair from the landed tables, if any has been landed."""
    columns = con.execute(
        "select table_name, list(column_name) from information_schema.columns "
        "where table_schema = 'landed' group by table_name order by table_name"
    ).fetchall()
    for table, names in columns:
        for key_column in sorted(n for n in names if n.endswith("_key") and n[: -len("_key")] in names):
            id_column = key_column[: -len("_key")]
            rows = con.execute(
                f'select "{id_column}", "{key_column}" from landed."{table}" where "{key_column}" is not null limit 1'
            ).fetchall()
            if rows:
                return rows[0]
    return None


def verify_pseudonym_key(settings: Settings) -> None:
    """The CLI's check before a run: open the warehouse, check (or store) the key's fingerprint."""
    from equity_pipeline.ingest.loader import connect_warehouse
    from equity_pipeline.ingest.manifest import ensure_audit_schema

    with connect_warehouse(settings) as con:
        ensure_audit_schema(con)
        check_pseudonym_key(con, settings)
