"""What `make run` prints about the run itself: warnings, and each failed step in one line.

Dagster's console logger prints a failed step with its Python stack, which a user of
`make run` should not have to read (a full disk is not a bug). So the CLI runs with the console
logger quiet and prints this instead, from the run's event log; the full error, stack
included, stays in that log (the Dagster UI, `make ui`, shows it under the run).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from equity_pipeline.storage_errors import storage_problem_in_text

SKIPPED_STEP = "Dependencies for step "


@dataclass(frozen=True)
class StepFailure:
    step_key: str
    cause: str  # one line: the innermost error's class and first message line, or the Failure's text
    storage: str | None  # the storage-problem line, when that is the cause
    details: str  # the full error, stack included, for the event log only


def _innermost(error: object) -> object:
    while getattr(error, "cause", None) is not None:
        error = error.cause
    return error


def _named(cls_name: str, first_line: str) -> str:
    # a user error's message already starts with its class (Python's format_exception_only): said once
    return first_line if first_line.startswith(f"{cls_name}:") else f"{cls_name}: {first_line}"


def _chain_text(error: object) -> str:
    parts = []
    while error is not None:
        parts.append(f"{error.cls_name}: {error.message}")
        error = error.cause or getattr(error, "context", None)
    return "\n".join(parts)


def step_failures(result: dg.ExecuteInProcessResult, warehouse_dir: Path) -> list[StepFailure]:
    """The failed steps of an in-process run (what `make run` prints)."""
    return failures_in(result.all_events, warehouse_dir)


def run_step_failures(instance: dg.DagsterInstance, run_id: str, warehouse_dir: Path) -> list[StepFailure]:
    """The failed steps of any run of `instance`, read from its event log (the alert sensors' runs
    were not started in this process)."""
    entries = instance.all_logs(run_id, of_type=dg.DagsterEventType.STEP_FAILURE)
    return failures_in([e.dagster_event for e in entries if e.dagster_event], warehouse_dir)


def failures_in(events: Iterable[dg.DagsterEvent], warehouse_dir: Path) -> list[StepFailure]:
    """One StepFailure per STEP_FAILURE event: the one rule for a failed step's one-line cause."""
    failures = []
    for event in events:
        if event.event_type != dg.DagsterEventType.STEP_FAILURE:
            continue
        data = event.step_failure_data
        described = data.user_failure_data.description if data.user_failure_data else None
        inner = _innermost(data.error) if data.error else None
        first_line = (inner.message.strip().splitlines() or [""])[0] if inner else ""
        cause = described or (_named(inner.cls_name, first_line) if inner else "failed")
        text = "\n".join(filter(None, [described, _chain_text(data.error) if data.error else ""]))
        storage = storage_problem_in_text(text, warehouse_dir)
        failures.append(
            StepFailure(event.step_key or "?", cause, storage, data.error.to_string() if data.error else "")
        )
    return failures


def run_warnings(instance: dg.DagsterInstance, run_id: str, summarised_steps: str = "landed__") -> list[str]:
    """The warnings and errors the assets logged, one line each, except those of the steps whose
    key starts with `summarised_steps`: the landed assets' warnings (rejected files, schema drift,
    landing-folder entries, the development key) are in the audit tables, and the run summary
    prints them from there, with their source folder."""
    lines: dict[str, None] = {}  # each message once, in order
    for entry in instance.all_logs(run_id):
        if entry.is_dagster_event or entry.level < 30:  # 30 = logging.WARNING
            continue
        if (entry.step_key or "").startswith(summarised_steps):
            continue
        if entry.user_message.startswith(SKIPPED_STEP):
            continue  # the engine's note for each step after a failed one: the failure line says why
        lines.setdefault(f"WARNING: {entry.user_message}")
    return list(lines)
