"""The Dagster run that built the publication, and the asset checks it evaluated, from the warehouse's
own Dagster instance (equity_pipeline.instance: <warehouse>/.dagster, or DAGSTER_HOME).

A run the instance does not hold (published by a throwaway instance, or by another warehouse's) is
said in one line, not raised: the publication_log row above already names it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from equity_pipeline.publish.record import CheckOutcome, run_checks


@dataclass(frozen=True)
class RunFacts:
    run_id: str
    held: bool
    why_not: str = ""
    status: str = ""
    started: dt.datetime | None = None
    ended: dt.datetime | None = None
    tags: dict[str, str] = field(default_factory=dict)
    checks: tuple[CheckOutcome, ...] = ()

    def totals(self) -> Counter[str]:
        return Counter(c.outcome for c in self.checks)


def _time(timestamp: float | None) -> dt.datetime | None:
    return dt.datetime.fromtimestamp(timestamp, dt.UTC) if timestamp else None


def read_run(home: Path, run_id: str | None) -> RunFacts:
    """The run's status, times, tags and check evaluations (every one: the caller picks the path's)."""
    if not run_id:
        return RunFacts("", held=False, why_not="the publication_log row names no run")
    if not (home / "dagster.yaml").exists():
        return RunFacts(run_id, held=False, why_not=f"no Dagster instance at {home} (no dagster.yaml)")
    with dg.DagsterInstance.from_config(str(home)) as instance:
        record = instance.get_run_record_by_id(run_id)
        if record is None:
            return RunFacts(run_id, held=False, why_not=f"the Dagster instance at {home} does not hold run {run_id}")
        checks = run_checks(instance, run_id)
        run = record.dagster_run
        return RunFacts(
            run_id,
            held=True,
            status=run.status.value,
            started=_time(record.start_time),
            ended=_time(record.end_time),
            tags=dict(run.tags),
            checks=tuple(checks),
        )
