"""Source freshness on the committed sample: every source's newest export is as of 2025-12-31 (the newest
file names in data_raw/), long past due today, so each `freshness` check warns: WARN severity, failed,
and the run still succeeds and publishes. Days late are counted from today's date in America/Anchorage.

Quarterly sources (45 days' grace): the 2026-03-31 export was due 2026-05-15.
Monthly sources (30 days' grace): the 2026-01-31 export was due 2026-03-02.
"""

import datetime as dt
import json
import re
from zoneinfo import ZoneInfo

import dagster as dg

from equity_pipeline.config import PROJECT_ROOT
from tests.sample_run import published

DUE = {
    "board_roster": ("quarterly", 45, "2026-03-31", "2026-05-15"),
    "hr_workforce": ("quarterly", 45, "2026-03-31", "2026-05-15"),
    "training_roster": ("quarterly", 45, "2026-03-31", "2026-05-15"),
    "language_access": ("monthly", 30, "2026-01-31", "2026-03-02"),
    "wc_claims": ("monthly", 30, "2026-01-31", "2026-03-02"),
}


def newest_in_data_raw(source: str) -> str:
    """The newest as-of date among the source's sample file names (e.g. wc_claims_2025-12-31.csv)."""
    dates = [
        re.search(r"_(\d{4}-\d{2}-\d{2})", p.name).group(1) for p in (PROJECT_ROOT / "data_raw" / source).iterdir()
    ]
    return max(dates)


def expected(source: str) -> dict:
    cadence, grace, next_as_of, due_by = DUE[source]
    today = dt.datetime.now(ZoneInfo("America/Anchorage")).date()
    return {
        "source": source,
        "cadence": cadence,
        "grace_days": grace,
        "newest_as_of": newest_in_data_raw(source),
        "next_as_of": next_as_of,
        "due_by": due_by,
        "days_late": (today - dt.date.fromisoformat(due_by)).days,
    }


def test_each_source_s_freshness_check_warns_with_its_figures(sample_run) -> None:
    result = sample_run["result"]
    assert result.success  # a WARN check failing does not fail the run
    evaluations = {
        e.asset_check_key.asset_key.path[1]: e
        for e in result.get_asset_check_evaluations()
        if e.asset_check_key.name == "freshness"
    }
    assert sorted(evaluations) == sorted(DUE)
    for source, evaluation in evaluations.items():
        want = expected(source)
        assert want["newest_as_of"] == "2025-12-31", source  # what the sample's newest file names say
        assert evaluation.severity == dg.AssetCheckSeverity.WARN and not evaluation.passed, source
        assert {k: v.value for k, v in evaluation.metadata.items()} == want, source
        assert evaluation.description == (
            f"{source}: newest export as of 2025-12-31; the {want['cadence']} export as of {want['next_as_of']} "
            f"was due by {want['due_by']} ({want['grace_days']} days' grace): {want['days_late']} days late"
        )


def test_the_publication_log_records_the_same_freshness(sample_run) -> None:
    ((logged,),) = published(sample_run, "select source_freshness::varchar from publication_log")
    rows = {f["source"]: f for f in json.loads(logged)}
    assert sorted(rows) == sorted(DUE)
    for source, row in rows.items():
        want = expected(source)
        assert {k: row[k] for k in want} == want, source
        assert row["late"] is True
    # and the working warehouse's audit log holds the same row
    from tests.conftest import query

    assert query(sample_run["settings"], "select source_freshness::varchar from audit.publication_log") == [(logged,)]


def test_the_run_summary_shows_every_source_late(sample_run) -> None:
    from equity_pipeline.summary import summarize

    lines = summarize(sample_run["settings"], sample_run["result"].run_id).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Source freshness"))
    assert lines[start + 1 : start + 6] == [
        f"  ! {source}: newest export as of 2025-12-31; the {expected(source)['cadence']} export as of "
        f"{expected(source)['next_as_of']} was due by {expected(source)['due_by']} "
        f"({expected(source)['grace_days']} days' grace): {expected(source)['days_late']} days late"
        for source in sorted(DUE)
    ]
