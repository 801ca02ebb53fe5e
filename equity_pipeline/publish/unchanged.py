"""No refresh without a reason: is what would be published now exactly what readers already have?

A refresh that landed nothing new rebuilds the same marts; publishing them again would only mint a new
publish_id for the same figures, and an auditor would see two publications where nothing changed. So the
publication step first compares, set-based in DuckDB, every published table's rows as they would be
published (the mart's contracted columns) with the current publication's, and the files they come from
(the loaded files of the ingest manifest, as publication_log records them). Equal in every table (rows,
columns, the set of tables) and in the files: nothing new, and the current publication stays. A
configured PostgreSQL publication that does not show the current publish_id is also a reason.
Not compared, so not a reason on its own: the code version (the same figures from newer code) and
EQUITY_PUBLISHED_STORAGE_VERSION (the next publication with new data uses it).
"""

from __future__ import annotations

import json

import duckdb

from equity_pipeline.config import Settings
from equity_pipeline.publish.catalog import published_tables
from equity_pipeline.publish.layout import DUCKDB_NAME, current_id, versions_dir
from equity_pipeline.publish.postgres import current_publish_id
from equity_pipeline.sql import lit, q

# The loaded files of the ingest manifest, as publication_log.source_files records them (publisher.py).
SOURCE_FILES_SQL = """
select coalesce(to_json(list({
    'source': source, 'file_name': file_name, 'sha256': file_sha256, 'as_of': as_of,
    'version': version, 'rows_loaded': rows_landed, 'rows_quarantined': rows_quarantined
} order by source, as_of, version))::varchar, '[]')
from audit.ingest_manifest where status = 'loaded'
"""


def _same_rows(con: duckdb.DuckDBPyConnection, relation: str, shown: str, columns: str) -> bool:
    # EXCEPT ALL both ways: the same multiset of rows, nulls equal to nulls, no hash to collide.
    (differs,) = con.execute(
        f"select exists (select {columns} from {relation} except all select {columns} from {shown}) "
        f"or exists (select {columns} from {shown} except all select {columns} from {relation})"
    ).fetchall()[0]
    return not differs


def unchanged_publication(settings: Settings, con: duckdb.DuckDBPyConnection) -> str | None:
    """The current publish_id if publishing now would publish nothing new, else None.

    `con` is the working warehouse, opened by the caller under the writer lock.
    """
    current = current_id(settings.warehouse_dir)
    if current is None:
        return None
    path = versions_dir(settings.warehouse_dir) / current / DUCKDB_NAME
    if not path.exists():
        return None
    if settings.publish_postgres_url and current_publish_id(settings.publish_postgres_url) != current:
        return None
    con.execute(f"attach {lit(str(path))} as shown (read_only)")
    try:
        shown_tables = {
            name: columns
            for name, columns in con.execute(
                "select table_name, list(column_name order by ordinal_position) from information_schema.columns "
                "where table_catalog = 'shown' group by table_name"
            ).fetchall()
        }
        tables = published_tables()
        if set(shown_tables) != {t.name for t in tables} | {"publication_log"}:
            return None
        for table in tables:
            if shown_tables[table.name] != ["publish_id", *table.column_names]:
                return None
            columns = ", ".join(q(c) for c in table.column_names)
            if not _same_rows(con, table.relation, f"shown.{q(table.name)}", columns):
                return None
        (files_now,) = con.execute(SOURCE_FILES_SQL).fetchall()[0]
        logged = con.execute(
            "select source_files::varchar from shown.publication_log where publish_id = ?", [current]
        ).fetchall()
    finally:
        con.execute("detach shown")
    if not logged or json.loads(logged[0][0]) != json.loads(files_now):
        return None
    return current
