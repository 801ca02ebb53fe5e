"""The publication as a record, for the Dagster UI: what an auditor needs on the publication's page.

Read back from the publication's own file (its publication_log row), so the UI shows exactly what
readers got: publish_id, when, the code version, the source files (name, SHA-256, as-of, version,
rows loaded and quarantined) as a table, the checks of the run by name with their outcome, and where
the published file, the Parquet, the report and the data catalog are.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import dagster as dg
import duckdb

from equity_pipeline.config import Settings
from equity_pipeline.docs import catalog_path
from equity_pipeline.publish.layout import DUCKDB_NAME, versions_dir
from equity_pipeline.publish.postgres import target

SOURCE_FILES_SCHEMA = dg.TableSchema(
    columns=[
        dg.TableColumn("source", "string"),
        dg.TableColumn("file", "string"),
        dg.TableColumn("sha256", "string"),
        dg.TableColumn("as_of", "string", description="the export's as-of date, from its name"),
        dg.TableColumn("version", "int"),
        dg.TableColumn("rows_loaded", "int"),
        dg.TableColumn("rows_quarantined", "int", description="rows set aside in audit.quarantine"),
    ]
)
CHECKS_SCHEMA = dg.TableSchema(
    columns=[
        dg.TableColumn("asset", "string"),
        dg.TableColumn("check", "string"),
        dg.TableColumn("outcome", "string", description="passed, failed, or warned (a warn-severity check)"),
    ]
)


@dataclass(frozen=True)
class CheckOutcome:
    """One check evaluation of a run, as the publication's record and `make trace` show it."""

    asset: str  # the asset key as Dagster shows it: marts/pvr_quarterly, landed/training_roster
    name: str
    passed: bool
    warn_only: bool  # a WARN-severity check: not passing does not block
    description: str = ""  # the check's own sentence about this evaluation (what the alerts quote)

    @property
    def outcome(self) -> str:
        return "passed" if self.passed else ("warned" if self.warn_only else "failed")


def run_checks(instance: dg.DagsterInstance, run_id: str) -> list[CheckOutcome]:
    """The run's check evaluations (so far, for a running one: before the publication every blocking one
    passed), by name."""
    checks = []
    for entry in instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION):
        evaluation = entry.dagster_event.event_specific_data if entry.dagster_event else None
        if isinstance(evaluation, dg.AssetCheckEvaluation):
            checks.append(
                CheckOutcome(
                    asset=evaluation.asset_key.to_user_string(),
                    name=evaluation.check_name,
                    passed=evaluation.passed,
                    warn_only=evaluation.severity == dg.AssetCheckSeverity.WARN,
                    description=evaluation.description or "",
                )
            )
    return checks


def checks_table(checks: list[CheckOutcome]) -> dg.TableMetadataValue:
    ordered = sorted(checks, key=lambda c: (c.asset, c.name))
    return dg.MetadataValue.table(
        records=[dg.TableRecord({"asset": c.asset, "check": c.name, "outcome": c.outcome}) for c in ordered],
        schema=CHECKS_SCHEMA,
    )


def source_files_table(source_files: list[dict]) -> dg.TableMetadataValue:
    return dg.MetadataValue.table(
        records=[
            dg.TableRecord(
                {
                    "source": f["source"],
                    "file": f["file_name"],
                    "sha256": f["sha256"],
                    "as_of": str(f["as_of"]),
                    "version": f["version"],
                    "rows_loaded": f["rows_loaded"],
                    "rows_quarantined": f["rows_quarantined"],
                }
            )
            for f in source_files
        ],
        schema=SOURCE_FILES_SCHEMA,
    )


def publication_record(
    settings: Settings, publish_id: str, checks: list[CheckOutcome], published_now: bool
) -> dict[str, object]:
    """The materialization metadata of publication `publish_id` (a folder under publications/)."""
    path = versions_dir(settings.warehouse_dir) / publish_id / DUCKDB_NAME
    with duckdb.connect(str(path), read_only=True) as con:
        published_at, run_id, code_version, source_files, passed, warned, tables = con.execute(
            "select published_at, run_id, code_version, source_files::varchar, checks_passed, checks_warned, "
            "tables::varchar from publication_log where publish_id = ?",
            [publish_id],
        ).fetchall()[0]
    warehouse = settings.warehouse_dir
    return {
        "publish_id": publish_id,
        "status": "published by this run" if published_now else "nothing new: this publication stays",
        "published_at": published_at.isoformat(),
        "published_by_run": run_id,
        "code_version": code_version,
        "source_files": source_files_table(json.loads(source_files)),
        "checks_passed": passed,
        "checks_warned": warned,
        "checks_this_run": checks_table(checks),
        "rows": dg.MetadataValue.table(
            records=[dg.TableRecord({"table": t, "rows": n}) for t, n in sorted(json.loads(tables).items())],
            schema=dg.TableSchema(columns=[dg.TableColumn("table", "string"), dg.TableColumn("rows", "int")]),
        ),
        "published_file": dg.MetadataValue.path(str(warehouse / DUCKDB_NAME)),
        "parquet": dg.MetadataValue.path(str(warehouse / "published")),
        "version_folder": dg.MetadataValue.path(str(path.parent)),
        "report": dg.MetadataValue.path(str(warehouse / "reports" / "pvr_latest.html")),
        "data_catalog": dg.MetadataValue.path(str(catalog_path(warehouse))),
        # where the same publication went in PostgreSQL, when configured (never the URL: it may hold a password)
        **(
            {"postgres": f"schema published of {target(settings.publish_postgres_url)}"}
            if settings.publish_postgres_url
            else {}
        ),  # fmt: skip
    }
