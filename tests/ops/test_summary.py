"""The run summary reads the published file: each figure printed with the precision of its unit.

The fixture is a hand-made published.duckdb (the published tables' columns that the summary reads),
so every expected line below can be checked by eye against the rows inserted.
"""

import datetime as dt
import os

import duckdb
import pytest

from equity_pipeline.cli import publication_summary
from equity_pipeline.publish.publisher import published_path

PUBLISHED_AT = dt.datetime(2026, 11, 24, 3, 48, tzinfo=dt.UTC)  # 18:48 AKST on the 23rd


def make_published(settings, annual: list[tuple], quarterly: list[tuple]) -> None:
    path = published_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute("create table publication_log (publish_id varchar, published_at timestamptz)")
        con.execute("insert into publication_log values ('P1', ?)", [PUBLISHED_AT])
        con.execute(
            "create table pvr_quarterly (series_id varchar, fiscal_year integer, fiscal_quarter integer, value double)"
        )
        if quarterly:
            con.executemany("insert into pvr_quarterly values (?, ?, ?, ?)", quarterly)
        con.execute(
            "create table pvr_annual (measure_id varchar, series_id varchar, series_name varchar, unit varchar, "
            "fiscal_year integer, actual double, target double, status varchar)"
        )
        if annual:
            con.executemany("insert into pvr_annual values (?, ?, ?, ?, ?, ?, ?, ?)", annual)


ANNUAL = [
    ("1", "dei_training_participation", "DEI training participation", "people", 2025, 359, 519.75, "not met"),
    # 1.2987 cases per 200,000 hours: the old summary printed it as "1"
    ("WC", "wc_dart_rate", "DART rate per 200000 estimated hours", "rate", 2025, 1.2987, 1.22, "not met"),
    ("WC", "wc_incurred", "Incurred cost at latest valuation", "dollars", 2025, 48210.5, 45800.0, "not met"),
    ("WC", "wc_new_claims", "New claims (Medical Only and Lost Time)", "claims", 2025, 1234, None, "no baseline"),
    ("table", "attendance", "Attendance", "people", 2025, 2356, 2000.0, "met"),  # the department table, not listed
]
QUARTERLY = [("attendance", 2025, q, v) for q, v in ((1, 157), (2, 1083), (3, 333), (4, 783))]


def test_measure_lines_print_each_unit_with_its_precision(make_settings, monkeypatch) -> None:
    settings = make_settings()
    make_published(settings, ANNUAL, QUARTERLY)
    lines = publication_summary(settings)
    measures = lines[lines.index("Measures, FY2025:") + 1 : lines.index("Measures, FY2025:") + 5]
    # "#<measure>" in 4 columns, the name in 46; counts whole, dollars with cents, rates and targets 2 decimals
    assert measures == [
        "  #1  DEI training participation                     actual           359  target        519.75  not met",
        "  #WC DART rate per 200000 estimated hours           actual          1.30  target          1.22  not met"
        "  (per 200,000 estimated hours)",
        "  #WC Incurred cost at latest valuation              actual    $48,210.50  target    $45,800.00  not met",
        "  #WC New claims (Medical Only and Lost Time)        actual         1,234  target             -  no baseline",
    ]
    assert "Attendance                                       157   1,083     333     783" in lines


def test_published_at_is_shown_in_the_configured_zone_and_labelled(make_settings) -> None:
    settings = make_settings()  # EQUITY_TIMEZONE unset: America/Anchorage
    make_published(settings, ANNUAL, QUARTERLY)
    lines = publication_summary(settings)
    assert "Published P1 at 2026-11-23 18:48 AKST (America/Anchorage)" in lines


def test_a_publication_without_pvr_figures_does_not_crash_the_summary(make_settings) -> None:
    # e.g. only hr_workforce exports so far: the PVR tables are published empty
    settings = make_settings()
    make_published(settings, [], [])
    lines = publication_summary(settings)
    assert "Published P1 at 2026-11-23 18:48 AKST (America/Anchorage)" in lines
    assert "No PVR figures published yet (pvr_quarterly is empty)." in lines
    assert not any(line.startswith("Measures") for line in lines)


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (1234567, "people", "1,234,567"),
        (12.0, "sessions", "12"),
        (3, "reports", "3"),
        (7, "cases", "7"),
        (1234.5, "dollars", "$1,234.50"),
        (0.125, "rate", "0.13"),  # half away from zero, as a reader rounds
        (2.675, "rate", "2.68"),  # binary 2.67499999... would print 2.67 with plain format()
        (None, "rate", "-"),
    ],
)
def test_format_figure(value, unit, text) -> None:
    from equity_pipeline.report.figures import format_figure

    assert format_figure(value, unit) == text


def test_the_summary_lists_every_landing_folder_entry_and_drift_from_the_audit_tables(make_settings, monkeypatch):
    """The messy landing folder (tests/fixtures/ingest/messy_landing), hr_workforce an hour old but
    notes.txt (5 s: still being written), plus a file with an unknown column."""
    from equity_pipeline.cli import summarize
    from tests.conftest import land, messy_landing_settling_notes, stage_case

    s, now = messy_landing_settling_notes(make_settings, monkeypatch)
    stage_case(s, "extra_column")
    os.utime(s.raw_dir / "hr_workforce" / "hr_workforce_2023-09-30.csv", (now.timestamp() - 3600,) * 2)
    land(s, "hr_workforce", now=now)
    lines = summarize(s, "test-run").splitlines()
    ingestion = lines[: next(i for i, line in enumerate(lines) if line.startswith("Source freshness"))]
    marked = [line for line in ingestion if line.startswith(("  !", "  ~"))]  # (late sources are marked below)
    assert [line.split(":")[0] for line in marked] == [
        "  ! hr_workforce/~$hr_workforce_2023-09-30.xlsx",  # a rejected file (manifest)
        "  ~ hr_workforce/hr_workforce_2023-09-30.csv",  # schema drift (manifest)
        "  ~ hr_workforce/notes.txt",  # skipped while settling
        "  ! hr_workforce/old",  # warnings (audit.landing_warnings)
        "  ! hr_workforce_2023-12-31.csv",
        "  ! payroll",
    ]
    assert marked[1].endswith("schema drift: unknown column(s) union_local, badge color ignored")
    assert marked[2].endswith("(picked up by the next run)")
    assert "Nothing published yet." in lines


def freshness_warehouse(settings, rows: list[tuple[str, str, str]]) -> None:
    """A working warehouse whose manifest holds (source, as_of, status) rows, all of run 'R1'."""
    from equity_pipeline.ingest.manifest import ensure_audit_schema

    settings.warehouse_dir.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(settings.warehouse_path)) as con:
        ensure_audit_schema(con)
        con.executemany(
            "insert into audit.ingest_manifest (source, file_name, file_sha256, as_of, status, rows_landed, "
            "rows_quarantined, run_id, processed_at) values (?, ?, md5(?), ?::date, ?, 10, 0, 'R1', now())",
            [(s, f"{s}_{a}.csv", f"{s}_{a}", a, st) for s, a, st in rows],
        )


def test_the_run_summary_shows_each_source_s_freshness(make_settings, monkeypatch) -> None:
    from equity_pipeline.summary import summarize

    # pinned: the summary asks for the office's date, here 2026-05-01
    monkeypatch.setattr("equity_pipeline.summary.local_today", lambda zone: dt.date(2026, 5, 1))
    settings = make_settings()
    freshness_warehouse(
        settings,
        [
            ("hr_workforce", "2026-03-31", "loaded"),  # next 2026-06-30, due 2026-08-14: on time
            ("wc_claims", "2026-02-28", "loaded"),  # next 2026-03-31, due 2026-04-30: 1 day late
            ("wc_claims", "2026-03-31", "rejected"),
        ],
    )
    lines = summarize(settings, "R1").splitlines()
    start = lines.index("Source freshness (on 2026-05-01, America/Anchorage)")
    assert lines[start + 1 : start + 6] == [
        "  ! board_roster: no export received yet",
        "    hr_workforce: newest export as of 2026-03-31; the quarterly export as of 2026-06-30 is due by "
        "2026-08-14 (45 days' grace): on time",
        "  ! language_access: no export received yet",
        "  ! training_roster: no export received yet",
        "  ! wc_claims: newest export as of 2026-02-28 (a newer file as of 2026-03-31 was rejected and does not "
        "count); the monthly export as of 2026-03-31 was due by 2026-04-30 (30 days' grace): 1 day late",
    ]
    assert lines.index("Ingestion (this run)") < start < lines.index("Nothing published yet.")


def test_freshness_without_a_warehouse_says_nothing_was_received(make_settings) -> None:
    from equity_pipeline.summary import freshness_summary

    settings = make_settings()
    assert not settings.warehouse_path.exists()
    lines = freshness_summary(settings)
    assert lines[2:] == [f"  ! {s}: no export received yet" for s in sorted(
        ["board_roster", "hr_workforce", "language_access", "training_roster", "wc_claims"]
    )]  # fmt: skip
    assert not settings.warehouse_path.exists()  # read, never created
