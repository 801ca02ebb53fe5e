"""End to end: the committed sample, materialized by Dagster into a temporary warehouse,
lands exactly what the seeded generator says it wrote."""

import filecmp
from pathlib import Path

from equity_pipeline.config import PROJECT_ROOT
from tests.conftest import query
from tests.e2e.declared_checks import evaluated_check_count, failed_checks
from tests.sample_run import published


def _same_tree(a: Path, b: Path) -> list[str]:
    """Paths that differ between two trees (missing on either side, or different bytes)."""
    cmp = filecmp.dircmp(a, b)
    out = [str(a / n) for n in cmp.left_only + cmp.right_only + cmp.diff_files + cmp.funny_files]
    for sub in cmp.common_dirs:
        out += _same_tree(a / sub, b / sub)
    return out


def test_committed_sample_is_what_the_seeded_generator_writes(sample_run):
    assert _same_tree(PROJECT_ROOT / "data_raw", sample_run["generated"]) == []


def test_run_succeeds_with_every_check_passing(sample_run):
    result = sample_run["result"]
    assert result.success
    evaluations = result.get_asset_check_evaluations()
    assert [e.asset_check_key for e in failed_checks(result)] == []  # freshness warns: tests/e2e/test_freshness.py
    ge = [e for e in evaluations if e.asset_check_key.name == "ge_landed_suite"]
    assert len(ge) == 5
    gates = [e.asset_check_key.to_user_string() for e in evaluations if e.asset_check_key.name == "ge_publishable"]
    assert sorted(gates) == [
        "marts/board_recruitment:ge_publishable",
        "marts/board_representation:ge_publishable",
        "marts/board_representation_history:ge_publishable",
        "marts/board_seats:ge_publishable",
        "marts/data_quality_issues:ge_publishable",
        "marts/language_access_annual:ge_publishable",
        "marts/language_access_monthly:ge_publishable",
        "marts/language_access_safe_harbor:ge_publishable",
        "marts/pvr_annual:ge_publishable",
        "marts/pvr_quarterly:ge_publishable",
        "marts/wc_claims_monthly:ge_publishable",
        "marts/wc_report_lag:ge_publishable",
        "marts/workforce_disparity:ge_publishable",
        "marts/workforce_representation:ge_publishable",
    ]
    assert "marts/wc_claims_monthly:ge_totals" in {e.asset_check_key.to_user_string() for e in evaluations}
    from equity_pipeline.definitions import defs

    assert len(evaluations) == evaluated_check_count(defs)  # plus every dbt test: each check once


def test_landed_rows_per_source_match_the_generator(sample_run):
    s, expected = sample_run["settings"], sample_run["expected"]
    for source, exp in expected.items():
        assert query(s, f"select count(*) from landed.{source}") == [(exp.rows_landed,)], source


def test_quarantined_rows_are_exactly_the_generators_bad_rows(sample_run):
    s, expected = sample_run["settings"], sample_run["expected"]
    for source, exp in expected.items():
        rows = query(s, "select distinct file_name, line from audit.quarantine where source = ? order by all", [source])
        assert rows == sorted(exp.bad_rows), source


def test_manifest_records_the_duplicate_and_the_superseded_file(sample_run):
    s, expected = sample_run["settings"], sample_run["expected"]
    counts = dict(query(s, "select source || ':' || status, count(*) from audit.ingest_manifest group by all"))
    for source, exp in expected.items():
        assert counts.get(f"{source}:duplicate", 0) == exp.duplicates, source
        assert counts.get(f"{source}:superseded", 0) == exp.superseded, source
        assert counts.get(f"{source}:loaded", 0) == exp.files - exp.duplicates - exp.superseded, source
    assert query(s, "select file_name from audit.ingest_manifest where status = 'duplicate'") == [
        ("language_access_2024-05-31_v2.csv",)
    ]


def test_training_roster_reproduces_the_departments_published_quarters(sample_run):
    """FY2021 Q1-Q3 nothing, Q4 one session; FY2023 Q1-Q2 nothing, Q3 1 / 5 / 1,532."""
    rows = query(
        sample_run["settings"],
        """
        with sessions as (
            select session_id, any_value(program) as program, any_value(session_date) as session_date,
                bool_or(is_attendance) as held, sum(attendance_count) as attendance
            from intermediate.int_training_attendances__current group by session_id
        )
        select year(session_date), quarter(session_date),
            count(*) filter (where held and program <> 'Community Engagement'),
            count(*) filter (where held and program = 'Community Engagement'),
            sum(attendance)
        from sessions where year(session_date) in (2021, 2023) group by all order by all
        """,
    )
    assert [r for r in rows if r[0] == 2021] == [
        (2021, 1, 0, 0, 0),
        (2021, 2, 0, 0, 0),
        (2021, 3, 0, 0, 0),
        (2021, 4, 1, 0, 18),
    ]
    assert [r for r in rows if r[0] == 2023 and r[1] <= 3] == [
        (2023, 1, 0, 0, 0),
        (2023, 2, 0, 0, 0),
        (2023, 3, 1, 5, 1532),
    ]


def test_landed_asset_metadata_reports_files_rows_and_drift(sample_run):
    result = sample_run["result"]
    materializations = {}
    for event in result.get_asset_materialization_events():
        materialization = event.event_specific_data.materialization
        materializations[materialization.asset_key.to_user_string()] = materialization.metadata
    hr = materializations["landed/hr_workforce"]
    assert hr["files_loaded"].value == 20
    assert hr["rows_quarantined"].value == 2
    assert "union_local" in hr["drift_warnings"].value


def test_published_pvr_quarterly_reproduces_the_departments_table(sample_run):
    rows = published(
        sample_run,
        """
        pivot (select fiscal_year, fiscal_quarter, series_id, value from pvr_quarterly
               where series_id in ('training_sessions', 'community_engagement_opportunities', 'attendance')
                 and fiscal_year in (2021, 2023))
        on series_id using any_value(value) order by fiscal_year, fiscal_quarter
        """,
    )
    # columns: fiscal_year, fiscal_quarter, attendance, community_engagement_opportunities, training_sessions
    assert [r[:5] for r in rows] == [
        (2021, 1, 0.0, 0.0, 0.0), (2021, 2, 0.0, 0.0, 0.0), (2021, 3, 0.0, 0.0, 0.0), (2021, 4, 18.0, 0.0, 1.0),
        (2023, 1, 0.0, 0.0, 0.0), (2023, 2, 0.0, 0.0, 0.0), (2023, 3, 1532.0, 5.0, 1.0), (2023, 4, 836.0, 5.0, 10.0),
    ]  # fmt: skip


def test_every_series_is_published_for_every_quarter_with_targets(sample_run):
    from equity_pipeline.dbt_runtime import DBT_PROJECT_DIR

    series = (DBT_PROJECT_DIR / "seeds" / "measure_definitions.csv").read_text().strip().count("\n")
    assert series == 16  # 9 training series and 7 workers' compensation series
    assert published(sample_run, "select count(distinct series_id), count(*) from pvr_quarterly") == [
        (series, series * 5 * 4)
    ]
    # FY2022 DEI classes: 18 against FY2021's 1 x 1.05 = 1.05 -> met; FY2023: 5 against 18.9 -> not met.
    assert published(
        sample_run,
        "select fiscal_year, actual, target, status from pvr_annual where series_id = 'dei_training_sessions' "
        "and fiscal_year in (2021, 2022, 2023) order by 1",
    ) == [(2021, 1.0, None, "no baseline"), (2022, 18.0, 1.05, "met"), (2023, 5.0, 18.9, "not met")]


def test_every_published_table_carries_the_publish_id_and_parquet_matches(sample_run):
    import duckdb

    from equity_pipeline.publish.publisher import parquet_dir

    ((publish_id, source_files, checks_passed, checks_warned),) = published(
        sample_run, "select publish_id, source_files::varchar, checks_passed, checks_warned from publication_log"
    )
    from equity_pipeline.definitions import defs
    from equity_pipeline.defs.freshness import FRESHNESS_CHECK_KEYS

    # every check of the run ran before publishing: all passed but the five sources' freshness, which warned
    assert (checks_passed, checks_warned) == (evaluated_check_count(defs) - len(FRESHNESS_CHECK_KEYS), 5)
    assert '"file_name":"hr_workforce_2025-12-31.csv"' in source_files.replace(" ", "")
    tables = [t for (t,) in published(sample_run, "show tables")]
    assert sorted(tables) == [
        "board_recruitment", "board_representation", "board_representation_history", "board_seats",
        "data_quality_issues", "language_access_annual", "language_access_monthly", "language_access_safe_harbor",
        "publication_log",
        "pvr_annual", "pvr_quarterly", "wc_claims_monthly", "wc_report_lag",
        "workforce_disparity", "workforce_representation",
    ]  # fmt: skip
    for table in tables:
        assert published(sample_run, f"select distinct publish_id from {table}") == [(publish_id,)], table
        parquet = parquet_dir(sample_run["settings"]) / f"{table}.parquet"
        (count,) = duckdb.sql(f"select count(*) from '{parquet}'").fetchall()[0]
        assert published(sample_run, f"select count(*) from {table}") == [(count,)]


def test_no_personal_data_is_published(sample_run):
    columns = {c for (c,) in published(sample_run, "select column_name from information_schema.columns")}
    for personal in ("first_name", "last_name", "birth_date", "attendee_name", "claimant_name", "member_name",
                     "description", "employee_id", "attendee_id", "member_id", "raw_record"):  # fmt: skip
        assert personal not in columns


def test_report_holds_the_fy2023_table_and_nothing_external(sample_run):
    reports = sample_run["settings"].warehouse_dir / "reports"
    page = (reports / "pvr_2023.html").read_text(encoding="utf-8")
    assert (
        "<tr><td>Training Sessions</td><td>0</td><td>0</td><td>1</td><td>10</td><td>11</td></tr>"
        "<tr><td>DEI community engagement opportunity</td><td>0</td><td>0</td><td>5</td><td>5</td><td>10</td></tr>"
        "<tr><td>Attendance</td><td>0</td><td>0</td><td>1,532</td><td>836</td><td>2,368</td></tr>"
    ) in page
    assert "Measure #1" in page and "<svg" in page
    latest = (reports / "pvr_latest.html").read_text(encoding="utf-8")
    assert "FY2025" in latest
    # the workers' compensation section: 24 months of claims, TRIR/DART against target, report lag
    assert "Workers' compensation detail" in latest and "last 24 months" in latest
    assert latest.count("Jan 2025: ") == 2 and "Dec 2023: " not in latest  # 24 months: Jan 2024 - Dec 2025
    assert "TRIR: recordable cases per 200000 estimated hours" in latest and "<strong>estimated</strong>" in latest
    assert "<td>FY2025</td><td>&gt;14</td>" in latest
    for text in (page, latest):
        assert "http://" not in text and "https://" not in text and "<script" not in text and "src=" not in text


def test_wc_all_rows_equal_the_sum_of_departments_where_nothing_is_suppressed(sample_run):
    rows = published(
        sample_run,
        """
        with departments as (
            select month, sum(new_claims) as new_claims, sum(recordable_cases) as recordable_cases,
                sum(open_claims_eom) as open_claims_eom, bool_or(suppressed) as any_suppressed
            from wc_claims_monthly where department_code <> 'ALL' group by month
        )
        select count(*) filter (where not any_suppressed),
            count(*) filter (where not any_suppressed and (a.new_claims <> d.new_claims
                or a.recordable_cases <> d.recordable_cases or a.open_claims_eom <> d.open_claims_eom)),
            count(*) filter (where any_suppressed and a.new_claims < d.new_claims)
        from wc_claims_monthly as a inner join departments as d using (month)
        where a.department_code = 'ALL'
        """,
    )
    ((comparable, differing, impossible),) = rows
    # the seeded sample: 29 of its 60 months (Jan 2021 - Dec 2025) have no department suppressed
    assert comparable == 29 and differing == 0 and impossible == 0


def test_wc_suppression_hides_small_departments_but_never_a_lone_cell(sample_run):
    rows = published(
        sample_run,
        "select month, count(*) filter (where suppressed) from wc_claims_monthly "
        "where department_code <> 'ALL' group by month having count(*) filter (where suppressed) > 0",
    )
    assert rows  # the sample's small departments (OEJ has about 26 employees) do get suppressed
    assert all(n >= 2 for _, n in rows)  # complementary suppression: never exactly one per month
    assert published(
        sample_run,
        "select count(*) from wc_claims_monthly where suppressed and (new_claims is not null or trir is not null)",
    ) == [(0,)]
