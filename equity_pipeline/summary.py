"""The run summary: what this run landed, and what is published, read back from the files it wrote."""

from __future__ import annotations

import duckdb

from equity_pipeline.config import Settings
from equity_pipeline.contracts import all_contracts
from equity_pipeline.ingest.manifest import landing_warnings
from equity_pipeline.publish.postgres import target
from equity_pipeline.publish.publisher import parquet_dir, published_path
from equity_pipeline.quality.freshness import Freshness, local_today, warehouse_freshness
from equity_pipeline.report.figures import format_figure, format_published_at, format_target, unit_note
from equity_pipeline.report.pvr import DEPARTMENT_TABLE

# What the run did to the publication (the CLI tells them apart: the pointer moved; the run succeeded).
PUBLISHED, UNCHANGED, NOT_PUBLISHED = "published", "unchanged", "not published"


def summarize(settings: Settings, run_id: str, outcome: str = PUBLISHED) -> str:
    """What this run did to each source's files, read back from the manifest it wrote."""
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        per_source = con.execute(
            """
            with
            this_run as (
                select * from audit.ingest_manifest where run_id = ?
            ),

            superseded_now as (
                select superseded.source, count(*) as n from audit.ingest_manifest as superseded
                inner join this_run
                    on superseded.source = this_run.source
                    and superseded.superseded_by_file = this_run.file_name
                    and superseded.superseded_by_sha256 = this_run.file_sha256
                where superseded.status = 'superseded'
                group by superseded.source
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
        drift = con.execute(
            """
            select source, file_name, drift_columns from audit.ingest_manifest
            where run_id = ? and drift_columns is not null
            order by source, file_name
            """,
            [run_id],
        ).fetchall()
        landing = landing_warnings(con, run_id)
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
    for source, file_name, columns in drift:
        lines.append(f"  ~ {source}/{file_name}: schema drift: unknown column(s) {columns} ignored")
    for w in landing:
        lines.append(f"  ~ {w.text} (picked up by the next run)" if w.kind == "skipped" else f"  ! {w.text}")
    lines += freshness_summary(settings)
    lines += publication_summary(settings, outcome)
    lines += [
        "",
        f"Working warehouse : {settings.warehouse_path}",
        "  landed.<source>, staging.*, intermediate.*; audit.ingest_manifest;"
        " audit.quarantine (bad rows, with line and reason)",
        f"File archive      : {settings.archive_dir}",
    ]
    return "\n".join(lines)


def current_freshness(settings: Settings) -> list[Freshness]:
    """Each source's freshness today (the office's date), live from the working warehouse."""
    return warehouse_freshness(settings.warehouse_path, all_contracts().values(), local_today(settings.timezone))


def freshness_summary(settings: Settings, freshness: list[Freshness] | None = None) -> list[str]:
    """The summary's section of `freshness` (default: current_freshness), late sources marked "!"."""
    freshness = current_freshness(settings) if freshness is None else freshness
    lines = ["", f"Source freshness (on {local_today(settings.timezone)}, {settings.timezone})"]
    lines += [f"  {'!' if f.late else ' '} {f.describe()}" for f in freshness]
    return lines


def stale_sources(freshness: list[Freshness]) -> list[str]:
    """The late sources' sentences: what an alert says when no run was started."""
    return [f.describe() for f in freshness if f.late]


def publication_summary(settings: Settings, outcome: str = PUBLISHED) -> list[str]:
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
            select measure_id, series_name, unit, actual, target, status from pvr_annual
            where fiscal_year = ? and measure_id <> 'table' order by measure_id, series_id
            """,
            [latest_fy],
        ).fetchall()
    at = format_published_at(published_at, settings.timezone)
    lines = [
        "",
        {
            PUBLISHED: f"Published {publish_id} at {at}",
            UNCHANGED: f"Nothing new; publication {publish_id} (published {at}) stays.",
            NOT_PUBLISHED: f"NOT PUBLISHED by this run; the last good publication stays in place: {publish_id} at {at}",
        }[outcome],
    ]
    if latest_fy is None:
        # e.g. only workforce exports so far: the PVR tables are published, empty
        lines += ["", "No PVR figures published yet (pvr_quarterly is empty)."]
    else:
        lines += ["", f"FY{latest_fy:<42}{'Q1':>8}{'Q2':>8}{'Q3':>8}{'Q4':>8}"]
        for label, series in DEPARTMENT_TABLE:
            cells = "".join(
                f"{quarterly[(series, q)]:>8,.0f}" if (series, q) in quarterly else f"{'':>8}" for q in range(1, 5)
            )
            lines.append(f"{label:<44}{cells}")
        lines += ["", f"Measures, FY{latest_fy}:"]
        width = max([46, *(len(row[1]) for row in statuses)])  # names line up, however long
        lines += [measure_line(*row, width=width) for row in statuses]
    lines += [
        "",
        f"Published file    : {path}",
        f"Parquet folder    : {parquet_dir(settings)}",
        f"Report            : {settings.warehouse_dir / 'reports' / 'pvr_latest.html'}",
    ]
    if settings.publish_postgres_url:
        lines.append(f"PostgreSQL        : schema published of {target(settings.publish_postgres_url)}")
    return lines


def measure_line(
    measure: str, name: str, unit: str, actual: float | None, target: float | None, status: str, width: int = 46
) -> str:
    """One measure's line: actual and target by the unit's precision, rates with what they are per."""
    note = unit_note(unit)
    actual_text, target_text = format_figure(actual, unit), format_target(target, unit)
    return (
        f"  {'#' + measure:<4}{name:<{width}} actual {actual_text:>13}  target {target_text:>13}  {status}"
        f"{'  ' + note if note else ''}"
    )
