"""What a source's Dagster assets show: the files in the landing folder, and the files its table holds.

`raw/<source>` gets an observation on every run: each file present in the landing folder, with its
SHA-256, size and modification time, so the asset graph starts at the files themselves. `landed/<source>`
shows the file set the table holds *now* (not only what the run processed: a run finding nothing new
still shows it), next to this run's files. Tables, not JSON: the UI renders them as such.
"""

from __future__ import annotations

import datetime as dt

import dagster as dg
import duckdb

from equity_pipeline.config import Settings
from equity_pipeline.ingest.files import sha256_of_file
from equity_pipeline.ingest.landing import display_name, scan_source
from equity_pipeline.ingest.outcome import SourceOutcome, files_metadata

RAW_SCHEMA = dg.TableSchema(
    columns=[
        dg.TableColumn("file", "string"),
        dg.TableColumn("sha256", "string"),
        dg.TableColumn("bytes", "int"),
        dg.TableColumn("modified_utc", "string"),
        dg.TableColumn("state", "string", description="ready (read this run) or settling (picked up next run)"),
    ]
)
HELD_SCHEMA = dg.TableSchema(
    columns=[
        dg.TableColumn("file", "string"),
        dg.TableColumn("sha256", "string"),
        dg.TableColumn("as_of", "string", description="the export's as-of date, from its name"),
        dg.TableColumn("version", "int"),
        dg.TableColumn("rows_held", "int", description="rows of this file in the table now"),
        dg.TableColumn("rows_quarantined", "int", description="its rows set aside in audit.quarantine"),
    ]
)
RUN_FILES_SCHEMA = dg.TableSchema(
    columns=[
        dg.TableColumn("file", "string"),
        dg.TableColumn("status", "string"),
        dg.TableColumn("landed", "int", description="rows landed"),
        dg.TableColumn("quarantined", "int", description="rows set aside in audit.quarantine"),
        dg.TableColumn("sha256", "string"),
        dg.TableColumn("reason", "string", description="a fixed phrase, never an exception's text"),
    ]
)


def raw_observation(settings: Settings, source: str) -> dg.AssetObservation:
    """The landing folder of `source` as it is now: every file, hashed (a file that vanished meanwhile is left out)."""
    scan = scan_source(settings, source)
    settling = {w.path for w in scan.landing if w.kind == "skipped"}
    folder = settings.raw_dir / source
    records = []
    paths = sorted([*scan.files, *(folder / p.split("/", 1)[1] for p in settling)], key=lambda p: p.name)
    for path in paths:
        try:
            stat = path.stat()
            digest = sha256_of_file(path)
        except OSError:
            continue
        name = display_name(path.name)
        modified = dt.datetime.fromtimestamp(stat.st_mtime, dt.UTC)
        records.append(
            dg.TableRecord(
                {
                    "file": name,
                    "sha256": digest,
                    "bytes": stat.st_size,
                    "modified_utc": f"{modified:%Y-%m-%d %H:%M:%S}",
                    "state": "settling" if f"{source}/{name}" in settling else "ready",
                }
            )
        )
    return dg.AssetObservation(
        asset_key=dg.AssetKey(["raw", source]),
        metadata={
            "folder": dg.MetadataValue.path(str(folder)),
            "files_present": len(records),
            "files": dg.MetadataValue.table(records=records, schema=RAW_SCHEMA),
        },
    )


def held_files_table(con: duckdb.DuckDBPyConnection, source: str) -> dg.TableMetadataValue:
    """The files whose rows landed.<source> holds now, with the rows each contributes (set-based)."""
    rows = con.execute(
        f"""
        with held as (
            select _source_file, _sha256, _as_of, _version, count(*) as rows_held
            from landed."{source}" group by all
        )
        select held.*, coalesce(manifest.rows_quarantined, 0)
        from held
        left join audit.ingest_manifest as manifest
            on manifest.source = ? and manifest.file_name = held._source_file and manifest.file_sha256 = held._sha256
        order by held._as_of, held._version, held._source_file
        """,
        [source],
    ).fetchall()
    return dg.MetadataValue.table(
        records=[
            dg.TableRecord(
                {
                    "file": f,
                    "sha256": sha,
                    "as_of": str(as_of),
                    "version": version,
                    "rows_held": held,
                    "rows_quarantined": quarantined,
                }
            )
            for f, sha, as_of, version, held, quarantined in rows
        ],
        schema=HELD_SCHEMA,
    )


def run_files_table(outcome: SourceOutcome) -> dg.TableMetadataValue:
    """The files this run read, with what became of each (outcome.files_metadata: the fixed reason only)."""
    return dg.MetadataValue.table(records=[dg.TableRecord(f) for f in files_metadata(outcome)], schema=RUN_FILES_SCHEMA)
