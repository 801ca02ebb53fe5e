"""The sample's PostgreSQL publication: every table, row and value equal to published.duckdb, with the
types readers' tools expect (dates as DATE, money as NUMERIC(14,2), rates as DOUBLE PRECISION)."""

import duckdb
import pytest
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from equity_pipeline.publish.catalog import published_tables
from equity_pipeline.publish.publisher import published_path
from tests.postgres_support import rows, shown_publish_id

# The contract's type (the mart's yml) -> what information_schema.columns must say in PostgreSQL.
EXPECTED_TYPE = {
    "varchar": ("text", None, None),
    "double": ("double precision", None, None),
    "bigint": ("bigint", None, None),
    "integer": ("integer", None, None),
    "boolean": ("boolean", None, None),
    "date": ("date", None, None),
    "decimal(14,2)": ("numeric", 14, 2),
}


@pytest.fixture(scope="module")
def postgres(sample_run) -> str:
    assert sample_run["result"].success
    return sample_run["postgres"].url


def test_postgres_shows_the_same_publication_as_the_duckdb_file(sample_run, postgres) -> None:
    with duckdb.connect(str(published_path(sample_run["settings"])), read_only=True) as con:
        (on_disk,) = con.execute("select publish_id from publication_log order by published_at desc").fetchall()[0]
        for table in published_tables():
            order = ", ".join(f'"{c}"' for c in ("publish_id", *table.column_names))
            expected = con.execute(f'select * from "{table.name}" order by {order}').fetchall()
            found = rows(
                postgres,
                sql.SQL("select * from published.{} order by {}").format(sql.Identifier(table.name), sql.SQL(order)),
            )
            assert found == expected, table.name  # exact: floats bit for bit, Decimals, dates
    assert shown_publish_id(postgres) == on_disk
    (publication,) = [
        e
        for e in sample_run["result"].get_asset_materialization_events()
        if e.asset_key.to_user_string() == "published/publication"
    ]
    metadata = publication.materialization.metadata
    assert metadata["publish_id"].value == on_disk
    assert metadata["postgres"].value == f"schema published of 127.0.0.1:5432/{conninfo_to_dict(postgres)['dbname']}"


def test_postgres_columns_have_the_contracts_types(postgres) -> None:
    declared = rows(
        postgres,
        "select table_name, column_name, data_type, numeric_precision, numeric_scale from information_schema.columns "
        "where table_schema = 'published' order by table_name, ordinal_position",
    )
    numeric = {"numeric"}  # precision and scale are compared for NUMERIC only
    by_column = {(t, c): (d, *((p, s) if d in numeric else (None, None))) for t, c, d, p, s in declared}
    for table in published_tables():
        assert [c for t, c in by_column if t == table.name] == ["publish_id", *table.column_names]
        for column in table.columns:
            assert by_column[table.name, column.name] == EXPECTED_TYPE[column.data_type], (table.name, column.name)
    # the figures an auditor would look at first, by name
    assert by_column["wc_claims_monthly", "incurred"] == ("numeric", 14, 2)
    assert by_column["pvr_annual", "target"] == ("double precision", None, None)
    assert by_column["board_seats", "as_of_date"] == ("date", None, None)
