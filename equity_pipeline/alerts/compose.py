"""What an alert says about a run: what failed, each check's message, the run's link, the publication.

No personal data: an alert carries step keys, asset and check names, counts and the pipeline's own
sentences. A check's description or an error message may still quote a value from the data (an
exception's text, a value GE could not parse), so every quoted text ('…', "…", `…`, ‘…’, “…”) and
bracketed list ([…], {…}) in them is replaced by [value withheld] (`withhold_values`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from equity_pipeline.config import Settings
from equity_pipeline.instance import PUBLISH_ID_TAG, WAREHOUSE_TAG
from equity_pipeline.publish.layout import current_id
from equity_pipeline.publish.record import CheckOutcome, run_checks
from equity_pipeline.run_output import run_step_failures

PREFIX = "[equity-pipeline]"
WITHHELD = "[value withheld]"
CHECK_FAILED = "DagsterAssetCheckFailedError"
MAX_LINE = 300  # a description listing many expectations stays readable in a chat message

# A quote opens after a non-word character and closes before one, so the apostrophe of "run's" is no quote.
_QUOTED = re.compile(
    r"(?<!\w)'[^'\n]*'(?!\w)|(?<!\w)\"[^\"\n]*\"(?!\w)|`[^`\n]*`|‘[^’\n]*’|“[^”\n]*”|\[[^\]\n]*\]|\{[^}\n]*\}"
)


def withhold_values(text: str) -> str:
    """`text` on one line, quoted texts and bracketed lists replaced, cut at MAX_LINE characters."""
    line = " ".join(_QUOTED.sub(WITHHELD, text).split())
    return line if len(line) <= MAX_LINE else line[: MAX_LINE - 1] + "…"


@dataclass(frozen=True)
class Alert:
    subject: str
    lines: tuple[str, ...]

    @property
    def body(self) -> str:
        return "\n".join(self.lines) + "\n"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _check_line(check: CheckOutcome) -> str:
    return f"  {check.asset} {check.name}: {withhold_values(check.description) or '(no description)'}"


def _publication_line(warehouse: Path, run: dg.DagsterRun, failed: bool) -> str:
    current = current_id(warehouse)
    published = run.tags.get(PUBLISH_ID_TAG)
    if published and published == current:
        return f"Publication: {published} was published by this run."
    if current is None:
        return "Publication: none yet (nothing has been published from this warehouse)."
    if failed:
        return f"Publication: the last publication stays ({current}); readers see no change."
    return f"Publication: {current} stays (nothing new to publish)."


def run_link(settings: Settings, run_id: str) -> str:
    return f"{settings.ui_url}/runs/{run_id}"


def compose(settings: Settings, instance: dg.DagsterInstance, run_id: str) -> Alert | None:
    """The alert for run `run_id` of `instance`, or None when there is nothing to say (it succeeded, no check
    warned). Failed: its status is FAILURE or CANCELED, a step failed or an ERROR-severity check did not pass.
    Warnings: WARN-severity checks that did not pass (a stale source's freshness check, for one)."""
    run = instance.get_run_by_id(run_id)
    if run is None:
        raise ValueError(f"no run {run_id} in this Dagster instance")
    checks = run_checks(instance, run_id)
    failed_checks = [c for c in checks if not c.passed and not c.warn_only]
    warned = [c for c in checks if not c.passed and c.warn_only]
    # the run's own tag names its warehouse: a sensor's settings may point elsewhere
    warehouse = Path(run.tags.get(WAREHOUSE_TAG) or settings.warehouse_dir)
    # a step failed by its blocking check is said once, as the check with its description
    steps = [s for s in run_step_failures(instance, run_id, warehouse) if not s.cause.startswith(CHECK_FAILED)]
    failed = run.status in (dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED) or bool(failed_checks or steps)
    if not failed and not warned:
        return None
    if failed:
        what = [
            _plural(len(failed_checks), "blocking check") + " failed" if failed_checks else "",
            _plural(len(steps), "step") + " failed" if steps else "",
        ]
        subject = f"{PREFIX} {run.job_name} FAILED: " + (", ".join(filter(None, what)) or run.status.value.lower())
    else:
        names = ", ".join(sorted({c.name for c in warned}))
        subject = f"{PREFIX} {run.job_name} succeeded with {_plural(len(warned), 'warning')} ({names})"
    if warned and failed:
        subject += f", {_plural(len(warned), 'warning')}"
    lines = [f"Run {run_id} of job {run.job_name}: {run.status.value}"]
    if steps:
        lines += ["", "Failed steps:"] + [f"  {s.step_key}: {withhold_values(s.cause)}" for s in steps]
    if failed_checks:
        lines += ["", "Failed blocking checks:"] + [_check_line(c) for c in failed_checks]
    if warned:
        lines += ["", "Warnings (checks that do not block):"] + [_check_line(c) for c in warned]
    lines += [
        "",
        f"Run: {run_link(settings, run_id)}",
        f"Warehouse: {warehouse}",
        _publication_line(warehouse, run, failed),
    ]
    return Alert(subject, tuple(lines))


def warnings_alert(settings: Settings, lines: list[str]) -> Alert | None:
    """An alert for warnings found without a run (the CLI's), or None when there are none."""
    said = [withhold_values(line) for line in lines if line.strip()]
    if not said:
        return None
    subject = f"{PREFIX} {_plural(len(said), 'warning')}, no run started"
    body = [f"  {line}" for line in said]
    ending = ("", f"Dagster UI: {settings.ui_url}", f"Warehouse: {settings.warehouse_dir}")
    return Alert(subject, ("Warnings:", *body, *ending))
