"""A warehouse written before `superseded_by` was split gets the two columns, filled, and loses the old one."""

import duckdb
import pytest

from equity_pipeline.ingest.manifest import ensure_audit_schema

# audit.ingest_manifest as earlier versions created it (reason and withdrawn_at were added later).
OLD_DDL = """
create schema audit;
create table audit.ingest_manifest (
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
"""
V1, V2, V3 = "hr_workforce_2023-09-30.csv", "hr_workforce_2023-09-30_v2.csv", "hr_workforce_2023-09-30_v3.csv"
SHA1, SHA2, SHA3 = "1" * 64, "2" * 12 + "a" * 52, "3" * 64


def old_warehouse(rows: list[tuple[str, str, str, str | None]]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(OLD_DDL)
    for file_name, sha, status, superseded_by in rows:
        con.execute(
            "insert into audit.ingest_manifest (source, file_name, file_sha256, status, superseded_by, processed_at) "
            "values ('hr_workforce', ?, ?, ?, ?, now())",
            [file_name, sha, status, superseded_by],
        )
    return con


def manifest_columns(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "select column_name from information_schema.columns "
        "where table_schema = 'audit' and table_name = 'ingest_manifest'"
    ).fetchall()
    return {r[0] for r in rows}


def superseded_by(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(
        "select file_name, superseded_by_file, superseded_by_sha256 from audit.ingest_manifest order by file_name"
    ).fetchall()


def test_the_old_column_splits_into_file_name_and_full_sha_then_goes():
    con = old_warehouse(
        [
            (V1, SHA1, "superseded", f"{V2} (222222222222)"),
            (V2, SHA2, "superseded", f"{V3} (333333333333)"),
            (V3, SHA3, "loaded", None),
        ]
    )
    ensure_audit_schema(con)
    expected = [(V1, V2, SHA2), (V2, V3, SHA3), (V3, None, None)]
    assert superseded_by(con) == expected
    assert "superseded_by" not in manifest_columns(con)
    assert {"superseded_by_file", "superseded_by_sha256"} <= manifest_columns(con)
    ensure_audit_schema(con)  # idempotent: a second run changes nothing
    assert superseded_by(con) == expected


def test_a_value_naming_no_manifest_row_keeps_the_old_column_and_says_so():
    # The prefix matches no delivery of v2 in the manifest: the full SHA cannot be known.
    con = old_warehouse([(V1, SHA1, "superseded", f"{V2} (999999999999)"), (V2, SHA2, "loaded", None)])
    with pytest.raises(RuntimeError, match=r"1 row\(s\) whose superseded_by does not name exactly one manifest row"):
        ensure_audit_schema(con)
    assert "superseded_by" in manifest_columns(con)
    assert con.execute("select superseded_by from audit.ingest_manifest where file_name = ?", [V1]).fetchall() == [
        (f"{V2} (999999999999)",)
    ]
