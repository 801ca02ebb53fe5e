"""Write-audit-publish on a small training fixture whose every figure is computed by hand.

FY2022: S1 DEI (2 completed, Q1), S2 EEO (1 attended + 1 no-show, Q3), S3 community (40, Q4)
  -> training_sessions 2, community_engagement_opportunities 1, attendance 43.
FY2023: S4 DEI (3, Q1), S5 DEI (1, Q2), S6 community (100, Q3)
  -> training_sessions 2 vs target 2 x 1.05 = 2.1: not met; opportunities 1 vs 1.05: not met;
     attendance 104 vs 43 x 1.05 = 45.15: met.
FY2024 (export as of 2024-03-31, so only Q1 complete): S7 community (250, Q1)
  -> attendance YTD 250 vs FY2023 Q1 (3) x 1.05 = 3.15: on track;
     training_sessions YTD 0 vs FY2023 Q1 (1) x 1.05 = 1.05: behind.
"""

import hashlib
import subprocess
import sys
import textwrap

import dagster as dg
import duckdb
import pytest

from equity_pipeline.publish.publisher import published_path
from tests.e2e.declared_checks import failed_checks
from tests.postgres_support import rows, shown_publish_id, throwaway_database

HEADER = "session_id,program,session_date,host_department_code,attendee_type,attendee_id,attendance_status,headcount"
FY2022 = [
    "S1,DEI Training,2022-03-10,OEJ,Employee,E1,Completed,",
    "S1,DEI Training,2022-03-10,OEJ,Employee,E2,Completed,",
    "S2,EEO Training,2022-08-01,MOA-HR,Employee,E1,Attended,",
    "S2,EEO Training,2022-08-01,MOA-HR,Employee,E3,No-Show,",
    "S3,Community Engagement,2022-11-05,OEJ,Community,,Attended,40",
]
FY2023 = [
    "S4,DEI Training,2023-02-01,OEJ,Employee,E1,Completed,",
    "S4,DEI Training,2023-02-01,OEJ,Employee,E2,Completed,",
    "S4,DEI Training,2023-02-01,OEJ,Employee,E3,Completed,",
    "S5,DEI Training,2023-05-01,OEJ,Employee,E4,Completed,",
    "S6,Community Engagement,2023-09-01,OEJ,Community,,Attended,100",
]


def write(settings, name: str, rows: list[str]) -> None:
    folder = settings.raw_dir / "training_roster"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")


def refresh():
    from equity_pipeline.definitions import defs

    return defs.resolve_job_def("refresh").execute_in_process(
        instance=dg.DagsterInstance.ephemeral(), raise_on_error=False
    )


def read(settings, sql: str) -> list[tuple]:
    with duckdb.connect(str(published_path(settings)), read_only=True) as con:
        return con.execute(sql).fetchall()


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


READER = textwrap.dedent(
    """
    import sys, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    print(con.execute("select publish_id from publication_log order by published_at desc limit 1").fetchall()[0][0],
          flush=True)
    sys.stdin.readline()  # hold the file open until the refresh is over
    print(con.execute("select count(*), any_value(publish_id) from pvr_quarterly").fetchall()[0], flush=True)
    """
)


def publish_first(make_settings):
    settings = make_settings()
    write(settings, "training_roster_2022-12-31.csv", FY2022)
    write(settings, "training_roster_2023-12-31.csv", FY2023)
    result = refresh()
    assert result.success
    return settings


@pytest.fixture
def first_publication(make_settings):
    return publish_first(make_settings)


@pytest.fixture
def first_publication_also_in_postgres(make_settings, monkeypatch):
    """The same, with the PostgreSQL publication configured (a throwaway database on the real server)."""
    with throwaway_database() as db:
        monkeypatch.setenv("EQUITY_PUBLISH_POSTGRES_URL", db.url)
        monkeypatch.setenv("EQUITY_PUBLISH_POSTGRES_READER", db.reader)
        yield publish_first(make_settings), db.url


def test_hand_computed_quarters_targets_and_statuses(first_publication):
    s = first_publication
    quarters = read(
        s,
        "select fiscal_year, fiscal_quarter, value from pvr_quarterly where series_id = 'attendance' order by all",
    )
    assert quarters == [(2022, 1, 2.0), (2022, 2, 0.0), (2022, 3, 1.0), (2022, 4, 40.0),
                        (2023, 1, 3.0), (2023, 2, 1.0), (2023, 3, 100.0), (2023, 4, 0.0)]  # fmt: skip
    annual = read(
        s,
        "select series_id, fiscal_year, actual, target, status from pvr_annual "
        "where series_id in ('training_sessions', 'community_engagement_opportunities', 'attendance') order by 1, 2",
    )
    assert annual == [
        ("attendance", 2022, 43.0, None, "no baseline"),
        ("attendance", 2023, 104.0, 45.15, "met"),
        ("community_engagement_opportunities", 2022, 1.0, None, "no baseline"),
        ("community_engagement_opportunities", 2023, 1.0, 1.05, "not met"),
        ("training_sessions", 2022, 2.0, None, "no baseline"),
        ("training_sessions", 2023, 2.0, 2.1, "not met"),
    ]


def test_failed_gate_keeps_the_last_publication_then_a_correction_publishes_under_a_reader(
    first_publication_also_in_postgres,
):
    s, postgres = first_publication_also_in_postgres
    target = published_path(s)
    before = sha256(target)
    (first_id,) = read(s, "select publish_id from publication_log")[0]
    quarters = "select * from published.pvr_quarterly order by series_id, fiscal_year, fiscal_quarter"
    in_postgres = rows(postgres, quarters)
    assert shown_publish_id(postgres) == first_id and len(in_postgres) == 72

    # A headcount typed with three extra zeros: valid per the contract, implausible as a quarter's attendance.
    write(s, "training_roster_2024-03-31.csv", ["S7,Community Engagement,2024-02-01,OEJ,Community,,Attended,250000"])
    failed = refresh()
    assert not failed.success
    failures = failed_checks(failed)
    assert [e.asset_check_key.to_user_string() for e in failures] == ["marts/pvr_quarterly:ge_publishable"]
    # 250,000 people in FY2024 Q1 of two series: attendance and engagement_participation.
    assert "expect_column_values_to_be_between on value: 2 unexpected" in failures[0].description
    assert sha256(target) == before
    assert read(s, "select count(*), any_value(publish_id) from publication_log") == [(1, first_id)]
    # ... nor in PostgreSQL
    assert shown_publish_id(postgres) == first_id
    assert rows(postgres, quarters) == in_postgres

    # A BI tool holds the published file open (read-only, another process) while the correction is processed.
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(target)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert reader.stdout.readline().strip() == first_id
    write(s, "training_roster_2024-03-31_v2.csv", ["S7,Community Engagement,2024-02-01,OEJ,Community,,Attended,250"])
    corrected = refresh()
    out, _ = reader.communicate("done\n", timeout=60)
    assert corrected.success
    assert reader.returncode == 0
    # the reader kept its consistent, previous publication: 9 series x 8 quarters of FY2022-FY2023
    assert out.strip() == f"(72, '{first_id}')"

    assert sha256(target) != before
    (second_id,) = read(s, "select publish_id from publication_log order by published_at desc limit 1")[0]
    assert second_id != first_id
    assert read(s, "select count(*) from publication_log") == [(2,)]
    assert read(s, "select distinct publish_id from pvr_quarterly") == [(second_id,)]
    assert shown_publish_id(postgres) == second_id
    assert read(
        s,
        "select series_id, actual, target, ytd_actual, ytd_target, status, is_complete from pvr_annual "
        "where fiscal_year = 2024 and series_id in ('attendance', 'training_sessions') order by 1",
    ) == [
        ("attendance", 250.0, 109.2, 250.0, 3.15, "on track", False),
        ("training_sessions", 0.0, 2.1, 0.0, 1.05, "behind", False),
    ]
