"""Command line: `python -m equity_pipeline.cli run` materializes everything and prints a summary.

Exit status: 0 when every step and every blocking check succeeded; 1 otherwise.
Rejected or quarantined *files* are data problems the pipeline handled (recorded in
the manifest and shown in the summary), not a failed run.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings

import dagster as dg
import duckdb

from equity_pipeline.config import PseudonymKeyWarning, Settings, get_settings
from equity_pipeline.dbt_runtime import prepare_manifest
from equity_pipeline.ingest.landing import seconds_until_settled
from equity_pipeline.ingest.pseudonym import PseudonymKeyMismatch, verify_pseudonym_key
from equity_pipeline.ingest.withdraw import withdraw_command
from equity_pipeline.publish.publisher import parquet_dir, published_path
from equity_pipeline.report.pvr import DEPARTMENT_TABLE


def summarize(settings: Settings, run_id: str, published_now: bool = True) -> str:
    """What this run did to each source's files, read back from the manifest it wrote."""
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        per_source = con.execute(
            """
            with
            this_run as (
                select * from audit.ingest_manifest where run_id = ?
            ),

            superseded_now as (
                select source, count(*) as n from audit.ingest_manifest
                where status = 'superseded' and superseded_by is not null
                    and split_part(superseded_by, ' ', 1) in (select file_name from this_run)
                group by source
            )

            select
                this_run.source,
                count(*) filter (where status = 'loaded') as loaded,
                coalesce(any_value(superseded_now.n), 0) as superseded,
                count(*) filter (where status = 'duplicate') as duplicate,
                count(*) filter (where status = 'rejected') as rejected,
                count(*) filter (where status = 'quarantined') as quarantined,
                coalesce(sum(rows_landed) filter (where status = 'loaded'), 0) as rows_landed,
                coalesce(sum(rows_quarantined), 0) as rows_quarantined,
            from this_run
            left join superseded_now using (source)
            group by this_run.source
            order by this_run.source
            """,
            [run_id],
        ).fetchall()
        problems = con.execute(
            """
            select source, file_name, status, message from audit.ingest_manifest
            where run_id = ? and status in ('rejected', 'quarantined')
            order by source, file_name
            """,
            [run_id],
        ).fetchall()
    lines = [
        "",
        "Ingestion (this run)",
        f"{'source':<17}{'loaded':>7}{'supersd':>8}{'dup':>5}{'reject':>7}{'quar.':>6}"
        f"{'rows landed':>13}{'rows quar.':>11}",
    ]
    for source, loaded, superseded, dup, rejected, quarantined, landed, rows_q in per_source:
        lines.append(
            f"{source:<17}{loaded:>7}{superseded:>8}{dup:>5}{rejected:>7}{quarantined:>6}{landed:>13,}{rows_q:>11,}"
        )
    if not per_source:
        lines.append("(no new or changed files: nothing to land)")
    for source, file_name, status, message in problems:
        lines.append(f"  ! {source}/{file_name}: {status}: {message}")
    lines += publication_summary(settings, published_now)
    lines += [
        "",
        f"Working warehouse : {settings.warehouse_path}",
        "  landed.<source>, staging.*, intermediate.*; audit.ingest_manifest;"
        " audit.quarantine (bad rows, with line and reason)",
        f"File archive      : {settings.archive_dir}",
    ]
    return "\n".join(lines)


def publication_summary(settings: Settings, published_now: bool = True) -> list[str]:
    """The latest fiscal year's department table, each measure's status, and where the outputs are."""
    path = published_path(settings)
    if not path.exists():
        return ["", "Nothing published yet."]
    with duckdb.connect(str(path), read_only=True) as con:
        publish_id, published_at = con.execute(
            "select publish_id, published_at from publication_log order by published_at desc limit 1"
        ).fetchall()[0]
        (latest_fy,) = con.execute("select max(fiscal_year) from pvr_quarterly").fetchall()[0]
        quarterly = dict(
            ((s, q), v)
            for s, q, v in con.execute(
                "select series_id, fiscal_quarter, value from pvr_quarterly where fiscal_year = ?", [latest_fy]
            ).fetchall()
        )
        statuses = con.execute(
            """
            select measure_id, series_name, actual, target, status from pvr_annual
            where fiscal_year = ? and measure_id <> 'table' order by measure_id, series_id
            """,
            [latest_fy],
        ).fetchall()
    heading = "Published" if published_now else "NOT PUBLISHED by this run; the last good publication stays in place:"
    lines = ["", f"{heading} {publish_id} ({published_at:%Y-%m-%d %H:%M %Z})", "",
             f"FY{latest_fy:<42}{'Q1':>8}{'Q2':>8}{'Q3':>8}{'Q4':>8}"]  # fmt: skip
    for label, series in DEPARTMENT_TABLE:
        cells = "".join(
            f"{quarterly[(series, q)]:>8,.0f}" if (series, q) in quarterly else f"{'':>8}" for q in range(1, 5)
        )
        lines.append(f"{label:<44}{cells}")
    lines += ["", f"Measures, FY{latest_fy}:"]
    for measure, name, actual, target, status in statuses:
        target_text = f"{target:,.2f}" if target is not None else "-"
        lines.append(f"  #{measure} {name:<46} actual {actual:>8,.0f}  target {target_text:>9}  {status}")
    lines += [
        "",
        f"Published file    : {path}",
        f"Parquet folder    : {parquet_dir(settings)}",
        f"Report            : {settings.warehouse_dir / 'reports' / 'pvr_latest.html'}",
    ]
    return lines


def run() -> int:
    settings = get_settings()
    if settings.pseudonym_key_is_default:
        print("WARNING: EQUITY_PSEUDONYM_KEY is not set; ids are hashed with the public development key.")
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
    prepare_manifest(force=True)
    from equity_pipeline.definitions import defs  # after the manifest exists

    print(f"Raw exports: {settings.raw_dir}")
    job = defs.resolve_job_def("refresh")
    # `make run` sets DAGSTER_HOME, so its runs show in `make ui`; without it, a throwaway instance.
    with dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral() as instance:
        result = job.execute_in_process(
            instance=instance,
            raise_on_error=False,
            # The step-by-step log is in the UI; the terminal gets warnings, errors and the summary.
            run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}},
        )
    failed_checks = [evaluation for evaluation in result.get_asset_check_evaluations() if not evaluation.passed]
    print(summarize(settings, result.run_id, published_now=result.success and not failed_checks))
    for evaluation in failed_checks:
        print(f"CHECK FAILED: {evaluation.asset_check_key.to_user_string()}: {evaluation.description}")
    if not result.success or failed_checks:
        failed_steps = [e.step_key for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
        print(f"\nRUN FAILED (run {result.run_id}); failed steps: {', '.join(failed_steps) or 'see the log above'}")
        return 1
    print(f"\nRun {result.run_id} succeeded.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="equity_pipeline")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="land every export, check, transform, and print a summary")
    withdraw = sub.add_parser("withdraw", help="withdraw a file loaded by mistake (its rows leave landed.<source>)")
    withdraw.add_argument("source")
    withdraw.add_argument("file_name")
    withdraw.add_argument("--reason", required=True, help="why, kept in the manifest")
    args = parser.parse_args(argv)
    if args.command == "run":
        return run()
    if args.command == "withdraw":
        return withdraw_command(args.source, args.file_name, args.reason)
    return 2


if __name__ == "__main__":
    sys.exit(main())
