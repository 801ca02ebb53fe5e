"""Command line: `python -m equity_pipeline.cli run` materializes everything and prints a summary.

Exit status of `run`: 0 when every step and every blocking check succeeded; 1 otherwise
(including "another refresh is running" and a full or read-only warehouse, each said in one
line); 2 for a bad setting. Rejected or quarantined *files* are data problems the pipeline
handled (recorded in the manifest and shown in the summary), not a failed run.
`clean` and `reset-warehouse` are `make clean` and `make reset-warehouse` (housekeeping.py); `docs` is
`make docs` (docs.py).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
import warnings

import dagster as dg
import duckdb
import sqlalchemy.exc

from equity_pipeline.alerts import notify_run, notify_warnings
from equity_pipeline.config import DBT_PROJECT_DIR, DEV_KEY_WARNING, PseudonymKeyWarning
from equity_pipeline.dbt_runtime import prepare_manifest
from equity_pipeline.docs import DEFAULT_PORT, CatalogError, build_catalog, catalog_is_current, catalog_path, serve
from equity_pipeline.housekeeping import clean, reset_warehouse, what_reset_loses
from equity_pipeline.ingest.landing import seconds_until_settled
from equity_pipeline.ingest.pseudonym import PseudonymKeyMismatch, verify_pseudonym_key
from equity_pipeline.ingest.withdraw import withdraw_command
from equity_pipeline.instance import dagster_home, ensure_dagster_home
from equity_pipeline.lock import RefreshLocked, refresh_lock
from equity_pipeline.publish.inputs import nothing_to_do
from equity_pipeline.publish.layout import current_id
from equity_pipeline.publish.postgres import PostgresPublishError
from equity_pipeline.publish.reconcile import reconcile
from equity_pipeline.resources import EquitySettings
from equity_pipeline.run_output import run_warnings, step_failures
from equity_pipeline.storage_errors import storage_problem
from equity_pipeline.summary import (
    NOT_PUBLISHED,
    PUBLISHED,
    UNCHANGED,
    current_freshness,
    freshness_summary,
    publication_summary,
    stale_sources,
    summarize,
)

__all__ = ["main", "publication_summary", "summarize"]


def configured() -> EquitySettings | None:
    """The environment's settings, validated once here and handed as they are to the run; None after saying
    `configuration error: ...` for a bad one (no traceback; the caller exits 2, as for bad usage)."""
    resource = EquitySettings.from_environment()
    try:
        resource.settings  # noqa: B018 (validates)
    except ValueError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return None
    return resource


def run() -> int:
    resource = configured()
    if resource is None:
        return 2
    settings = resource.settings
    shown_before = current_id(settings.warehouse_dir)
    try:
        # Held for the whole run, before the manifest is rebuilt (a refresh from `make ui` may be running).
        with refresh_lock(settings.warehouse_dir):
            return refresh(resource)
    except RefreshLocked as exc:
        print(f"{exc}; this run did not start. Try again when it has finished.", file=sys.stderr)
        return 1
    except PostgresPublishError as exc:
        # Before any step ran: the configured PostgreSQL publication cannot be reconciled (unreachable?).
        print(f"RUN FAILED: {exc}; the last publication is unchanged.", file=sys.stderr)
        return 1
    except (OSError, duckdb.Error, sqlite3.Error, sqlalchemy.exc.DBAPIError) as exc:
        # Outside the steps (the lock file, the log's reconciliation, the Dagster instance's own storage,
        # which lives in the warehouse folder): a storage problem is one line.
        line = storage_problem(exc, settings.warehouse_dir, sqlite_path=dagster_home(settings))
        if line is None:
            raise
        shown_now = current_id(settings.warehouse_dir)
        kept = "the last publication is unchanged" if shown_now == shown_before else f"{shown_now} is published"
        print(f"RUN FAILED: {line}; {kept}.", file=sys.stderr)
        return 1


def refresh(resource: EquitySettings) -> int:
    """Materialize the refresh job in this process (the caller holds the writer lock) and print the summary."""
    settings = resource.settings
    if settings.pseudonym_key_is_default:
        print(f"WARNING: {DEV_KEY_WARNING}")
    warnings.simplefilter("ignore", PseudonymKeyWarning)  # said once above, not once per source
    try:
        verify_pseudonym_key(settings)
    except PseudonymKeyMismatch as exc:
        print(f"REFUSED: {exc}")
        return 1
    wait = seconds_until_settled(settings)  # files just copied in (or a fresh clone's sample) load this run
    if wait > 0:
        print(f"waiting {wait:.0f} s for files modified in the last {settings.settle_seconds} s")
        time.sleep(wait)
    repaired = reconcile(settings)  # a publish killed last time: finish its log, drop its leftovers
    for publish_id in repaired.logged:
        print(f"Recorded publication {publish_id} in audit.publication_log (the run that published it was cut short).")
    shown_before = current_id(settings.warehouse_dir)
    stays = nothing_to_do(settings)
    if stays is not None:
        print(f"Raw exports: {settings.raw_dir}")
        print(
            "No new or changed export, and the current publication was made from the exports and code as they "
            "are: no run started."
        )
        freshness = current_freshness(settings)  # one read, for the summary and the alert
        print("\n".join([*freshness_summary(settings, freshness), *publication_summary(settings, UNCHANGED)]))
        # no run, so no alert sensor sees this night: a department that stopped sending is said here
        say_alerts(notify_warnings(settings, stale_sources(freshness)))
        return 0
    prepare_manifest()  # parses only when the dbt project changed (dbt_runtime.prepare_manifest)
    from equity_pipeline.definitions import defs  # after the manifest exists (importing it does not build one)

    print(f"Raw exports: {settings.raw_dir}")
    job = defs.resolve_job_def("refresh")
    # The warehouse's own instance (equity_pipeline/instance): `make ui` shows this run beside its schedule's.
    with dg.DagsterInstance.from_config(str(ensure_dagster_home(settings))) as instance:
        result = job.execute_in_process(
            instance=instance,
            resources={"settings": resource},  # the values validated above, whatever the environment does
            raise_on_error=False,
            # Dagster's console prints failures with their stack; run_output prints one line each instead.
            run_config={"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}},
        )
        logged_warnings = run_warnings(instance, result.run_id)
        # the alert sensors see only runs the daemon launched: this in-process run says its own
        alerts = notify_run(settings, instance, result.run_id)
    failures = step_failures(result, settings.warehouse_dir)
    if logged_warnings:
        print("\n".join(logged_warnings))
    # A WARN check (a stale source's freshness) that did not pass is a warning, in the summary: not a failure.
    failed_checks = [
        evaluation
        for evaluation in result.get_asset_check_evaluations()
        if not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.ERROR
    ]
    # Published by this run = the pointer moved (a step failing after the swap still published).
    shown_now = current_id(settings.warehouse_dir)
    if shown_now != shown_before:
        outcome = PUBLISHED
    elif result.success and not failed_checks:
        outcome = UNCHANGED  # the publication step found nothing new (publish/unchanged.py)
    else:
        outcome = NOT_PUBLISHED
    print(summarize(settings, result.run_id, outcome))
    for evaluation in failed_checks:
        print(f"CHECK FAILED: {evaluation.asset_check_key.to_user_string()}: {evaluation.description}")
    say_alerts(alerts)
    storage = next((f.storage for f in failures if f.storage), None)
    if storage:
        kept = "the last publication is unchanged" if shown_now == shown_before else f"{shown_now} is published"
        print(f"\nRUN FAILED: {storage}; {kept}.")
        return 1
    if not result.success or failed_checks:
        for failure in failures:
            print(f"STEP FAILED: {failure.step_key}: {failure.cause}")
        failed_steps = ", ".join(f.step_key for f in failures) or "none (a blocking check failed)"
        print(f"\nRUN FAILED (run {result.run_id}); failed steps: {failed_steps}. Details: `make ui`, the run's log.")
        return 1
    # 4-10 s. The page holds the project (models, columns, descriptions, lineage) and the warehouse's column
    # types, no row counts (dbt-duckdb gives no table stats): it changes only with the dbt project, so it is
    # rebuilt when that changed or the page is missing; not building it fails nothing.
    if catalog_is_current(settings):
        print(f"Data catalog      : {catalog_path(settings.warehouse_dir)} (`make docs` serves it; project unchanged)")
    else:
        try:
            built = build_catalog(settings)
            print(f"Data catalog      : {built.path} (`make docs` serves it)")
        except (CatalogError, OSError) as exc:
            print(f"WARNING: the data catalog was not rebuilt ({exc}); `make docs` builds it.")
    print(f"\nRun {result.run_id} succeeded.")
    return 0


def say_alerts(lines: list[str]) -> None:
    """What the alert channels did ("alert sent to …", "ALERT NOT SENT …"), when any is configured."""
    if lines:
        print("\n".join(["", *lines]))


def docs(serve_it: bool, port: int) -> int:
    """`make docs`: build the catalog from the warehouse (under the writer lock), then serve it on 127.0.0.1."""
    resource = configured()
    if resource is None:
        return 2
    settings = resource.settings
    try:
        built = build_catalog(settings)
        print(f"Data catalog written to {built.path} in {built.seconds:.1f} s")
    except RefreshLocked as exc:
        print(f"{exc}; the catalog was not built. Try again when it has finished.", file=sys.stderr)
        return 1
    except (CatalogError, OSError) as exc:
        print(f"CATALOG FAILED: {exc}", file=sys.stderr)
        return 1
    if serve_it:
        serve(catalog_path(settings.warehouse_dir).parent, port)
    return 0


def housekeeping(command: str, confirmed: bool) -> int:
    """`clean` and `reset-warehouse` (see housekeeping.py), under the writer lock."""
    resource = configured()
    if resource is None:
        return 2
    settings = resource.settings
    if command == "reset-warehouse" and not confirmed:
        print(what_reset_loses(settings), file=sys.stderr)
        print("Run `make reset-warehouse CONFIRM=yes` to do it.", file=sys.stderr)
        return 2
    if command == "reset-warehouse" and not settings.warehouse_dir.exists():
        print(f"Nothing to delete: {settings.warehouse_dir} does not exist.")
        return 0
    try:
        with refresh_lock(settings.warehouse_dir):
            if command == "clean":
                for path in clean(settings, DBT_PROJECT_DIR):
                    print(f"removed {path}")
                print(f"Kept: {settings.warehouse_dir} (manifest, archive, publications); `make reset-warehouse` "
                      "deletes it.")  # fmt: skip
            else:
                reset_warehouse(settings)
                print(f"Deleted {settings.warehouse_dir}.")
    except RefreshLocked as exc:
        print(f"{exc}; nothing was removed. Try again when it has finished.", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="equity_pipeline")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="land every export, check, transform, and print a summary")
    withdraw = sub.add_parser("withdraw", help="withdraw a file loaded by mistake (its rows leave landed.<source>)")
    withdraw.add_argument("source")
    withdraw.add_argument("file_name")
    withdraw.add_argument("--reason", required=True, help="why, kept in the manifest")
    sub.add_parser("clean", help="remove dbt's build output and a killed publish's leftovers (never the warehouse)")
    reset = sub.add_parser("reset-warehouse", help="delete the whole warehouse folder (asks for --confirm)")
    reset.add_argument("--confirm", action="store_true", help="really delete it")
    catalog = sub.add_parser("docs", help="build the data catalog (dbt docs, offline) into <warehouse>/catalog/")
    catalog.add_argument("--serve", action="store_true", help="then serve it on 127.0.0.1")
    catalog.add_argument("--port", type=int, default=DEFAULT_PORT)
    trace = sub.add_parser("trace", help="where one published figure comes from (equity_pipeline/trace)")
    trace.add_argument("table", help="a published table")
    trace.add_argument("key", help="its full key: col=value,col=value")
    args = parser.parse_args(argv)
    if args.command == "run":
        return run()
    if args.command == "docs":
        return docs(args.serve, args.port)
    if args.command == "trace":
        from equity_pipeline.trace import trace_command  # only the trace needs its readers

        resource = configured()
        return 2 if resource is None else trace_command(resource.settings, args.table, args.key)
    if args.command == "withdraw":
        resource = configured()
        return 2 if resource is None else withdraw_command(resource.settings, args.source, args.file_name, args.reason)
    return housekeeping(args.command, getattr(args, "confirm", False))


if __name__ == "__main__":
    sys.exit(main())
