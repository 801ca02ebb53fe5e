"""What the published figures were made from, so a refresh with nothing new does no work at all.

A publication's figures are a function of three things: the ingest manifest (every file seen, and what
became of it: it decides the landed rows, the quarantine and data_quality_issues), the dbt project
(models, macros, seeds, yml) and the settings dbt reads (--vars). Their digest is the *inputs
fingerprint*. When the run that published (or confirmed, finding nothing new) the current publication
recorded the fingerprint the warehouse has now, rebuilding the marts could only give the same tables:
the refresh skips dbt, the marts' gates, the publication and the report, and says "nothing new".

Recorded in `audit.publication_inputs` by the report step, the refresh's last: a run that failed
anywhere before it (a blocking check, the publish, the report) recorded nothing, so the next run
rebuilds. A configured PostgreSQL publication that does not show the current publish_id is a reason
to run too (unchanged.py says the same for the publish step).
Not part of the fingerprint, as in unchanged.py: the pipeline's Python version and
EQUITY_PUBLISHED_STORAGE_VERSION. The landing folder's other entries (a stray file, a subfolder) are
warnings of the run that saw them, not figures.
"""

from __future__ import annotations

import hashlib
import json

import duckdb

from equity_pipeline.config import DBT_PROJECT_DIR, Settings
from equity_pipeline.dbt_runtime import dbt_vars, project_digest
from equity_pipeline.publish.layout import current_id
from equity_pipeline.publish.postgres import current_publish_id

INPUTS_DDL = """
create schema if not exists audit;
create table if not exists audit.publication_inputs (
    publish_id varchar not null,
    inputs_fingerprint varchar not null,
    run_id varchar not null,
    recorded_at timestamptz not null default now()
)
"""

# Every file's state, in a fixed order: a new, withdrawn or superseded file changes it. Timestamps as
# epoch microseconds: their text would depend on the connection's TimeZone.
MANIFEST_DIGEST_SQL = """
select sha256(coalesce(string_agg(concat_ws('|',
    source, file_name, file_sha256, status, as_of, version, rows_total, rows_landed, rows_quarantined,
    superseded_by_file, superseded_by_sha256, epoch_us(withdrawn_at), reason
), chr(10) order by source, file_name, file_sha256), ''))
from audit.ingest_manifest
"""


def inputs_fingerprint(con: duckdb.DuckDBPyConnection, settings: Settings) -> str:
    """The digest of what the marts are built from now (module docstring); `con`: the working warehouse."""
    has_manifest = con.execute(
        "select count(*) from information_schema.tables where table_schema = 'audit' and table_name = 'ingest_manifest'"
    ).fetchone()[0]
    manifest = con.execute(MANIFEST_DIGEST_SQL).fetchone()[0] if has_manifest else "no manifest"
    # The warehouse's path is where dbt writes, not what it computes.
    variables = {k: v for k, v in dbt_vars(settings).items() if k != "duckdb_path"}
    parts = [manifest, project_digest(DBT_PROJECT_DIR), json.dumps(variables, sort_keys=True)]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def record_inputs(con: duckdb.DuckDBPyConnection, settings: Settings, publish_id: str, run_id: str) -> None:
    """Record that `publish_id` holds the figures of the warehouse's inputs as they are now."""
    con.execute(INPUTS_DDL)
    con.execute(
        "insert into audit.publication_inputs (publish_id, inputs_fingerprint, run_id) values (?, ?, ?)",
        [publish_id, inputs_fingerprint(con, settings), run_id],
    )


def nothing_new(con: duckdb.DuckDBPyConnection, settings: Settings) -> str | None:
    """The current publish_id when it was made (or confirmed) from exactly the inputs the warehouse has
    now, so no model, check or publish needs to run; else None."""
    current = current_id(settings.warehouse_dir)
    if current is None:
        return None
    con.execute(INPUTS_DDL)
    latest = con.execute(
        "select publish_id, inputs_fingerprint from audit.publication_inputs order by recorded_at desc limit 1"
    ).fetchone()
    if latest is None or latest[0] != current or latest[1] != inputs_fingerprint(con, settings):
        return None
    if settings.publish_postgres_url and current_publish_id(settings.publish_postgres_url) != current:
        return None
    return current


def nothing_to_do(settings: Settings) -> str | None:
    """Before any run starts: the current publish_id when the landing folder holds no file the ingest manifest
    lacks and the publication was made from the inputs as they are; else None (also while a refresh holds
    the warehouse). The questions the sensor's first tick and the dbt step ask, asked up front, so that
    `make run` or the nightly schedule with nothing new starts no run at all (a run's start alone records
    some 300 events)."""
    from equity_pipeline.contracts import all_contracts
    from equity_pipeline.ingest.landing_state import already_ingested
    from equity_pipeline.ingest.loader import connect_warehouse
    from equity_pipeline.lock import RefreshLocked, held_by_another_process, refresh_lock

    if not settings.warehouse_path.exists() or already_ingested(settings, all_contracts()) is not True:
        return None
    try:
        # reentrant: `make run` holds it already
        with refresh_lock(settings.warehouse_dir), connect_warehouse(settings) as con:
            return nothing_new(con, settings)
    except RefreshLocked:
        return None
    except duckdb.IOException as exc:  # a refresh's gate reads the warehouse (the schedule ticked during a run)
        if held_by_another_process(exc):
            return None
        raise
