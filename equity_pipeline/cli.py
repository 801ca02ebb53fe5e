"""Command line: `python -m equity_pipeline.cli run` materializes everything and prints a summary.

Exit status: 0 when every step and every blocking check succeeded; 1 otherwise.
Rejected or quarantined *files* are data problems the pipeline handled (recorded in
the manifest and shown in the summary), not a failed run.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings

import dagster as dg

from equity_pipeline.config import PseudonymKeyWarning, Settings, get_settings
from equity_pipeline.dbt_runtime import prepare_manifest
from equity_pipeline.lock import RefreshLocked, refresh_lock
from equity_pipeline.publish.reconcile import reconcile
from equity_pipeline.summary import publication_summary, summarize

__all__ = ["main", "publication_summary", "summarize"]


def run() -> int:
    try:
        settings = get_settings()
    except ValueError as exc:  # a bad setting: say which and why, no traceback (exit 2, as for bad usage)
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    try:
        # Held for the whole run, before the manifest is rebuilt: a refresh from `make ui` may be using it.
        with refresh_lock(settings.warehouse_dir):
            return refresh(settings)
    except RefreshLocked as exc:
        print(f"{exc}; this run did not start. Try again when it has finished.", file=sys.stderr)
        return 1


def refresh(settings: Settings) -> int:
    """Materialize the refresh job in this process (the caller holds the writer lock) and print the summary."""
    if settings.pseudonym_key_is_default:
        print("WARNING: EQUITY_PSEUDONYM_KEY is not set; ids are hashed with the public development key.")
    warnings.simplefilter("ignore", PseudonymKeyWarning)  # said once above, not once per source
    repaired = reconcile(settings)  # a publish killed last time: finish its log, drop its leftovers
    for publish_id in repaired.logged:
        print(f"Recorded publication {publish_id} in audit.publication_log (the run that published it was cut short).")
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
    args = parser.parse_args(argv)
    if args.command == "run":
        return run()
    return 2


if __name__ == "__main__":
    sys.exit(main())
