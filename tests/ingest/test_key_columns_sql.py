"""The hashed-id columns the loader lands: one `<id>_key` per pseudonymised column, HMAC-SHA256 in SQL."""

import hashlib
import hmac

import duckdb

from equity_pipeline.contracts import Column, Contract
from equity_pipeline.ingest.pseudonym import key_columns_sql

CONTRACT = Contract(
    source="demo",
    kind="snapshot",
    entity="person",
    key=("person_id",),
    formats=("csv",),
    columns=(
        Column("person_id", "string", pseudonymise=True),
        Column("department", "string"),
        Column("manager_id", "string", pseudonymise=True),
    ),
)


def test_each_pseudonymised_column_gets_a_key_column_its_hash_and_the_key_pads():
    targets, exprs, params = key_columns_sql(CONTRACT, "k")
    assert targets == ['"person_id_key"', '"manager_id_key"']
    assert exprs[0] == (
        'case when "person_id" is not null then sha256(?::blob || unhex(sha256(?::blob || encode("person_id")))) end'
    )
    # RFC 2104 pads of the one-byte key "k" (0x6b): outer 0x6b ^ 0x5c = 0x37, inner 0x6b ^ 0x36 = 0x5d.
    outer, inner = b"\x37" + b"\x5c" * 63, b"\x5d" + b"\x36" * 63
    assert params == [outer, inner, outer, inner]


def test_the_sql_hash_is_the_hmac_and_a_missing_id_stays_null():
    _, exprs, params = key_columns_sql(CONTRACT, "k")
    rows = duckdb.execute(
        f"select {exprs[0]} from (values ('E1'), (null)) as t(\"person_id\") order by all nulls last", params[:2]
    ).fetchall()
    assert rows == [(hmac.new(b"k", b"E1", hashlib.sha256).hexdigest(),), (None,)]
