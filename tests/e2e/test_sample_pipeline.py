"""End to end: the committed sample, materialized by Dagster into a temporary warehouse,
lands exactly what the seeded generator says it wrote."""

import filecmp
from pathlib import Path

import dagster as dg
import pytest

from equity_pipeline.config import PROJECT_ROOT
from equity_pipeline.sample_data.generator import generate
from tests.conftest import query


def _same_tree(a: Path, b: Path) -> list[str]:
    """Paths that differ between two trees (missing on either side, or different bytes)."""
    cmp = filecmp.dircmp(a, b)
    out = [str(a / n) for n in cmp.left_only + cmp.right_only + cmp.diff_files + cmp.funny_files]
    for sub in cmp.common_dirs:
        out += _same_tree(a / sub, b / sub)
    return out


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("e2e")
    expected = generate(tmp / "generated")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EQUITY_RAW_DIR", str(PROJECT_ROOT / "data_raw"))
        mp.setenv("EQUITY_WAREHOUSE_DIR", str(tmp / "warehouse"))
        mp.setenv("EQUITY_PSEUDONYM_KEY", "e2e-key")
        mp.delenv("EQUITY_QUARANTINE_THRESHOLD", raising=False)
        from equity_pipeline.config import get_settings
        from equity_pipeline.definitions import defs

        settings = get_settings()
        result = defs.resolve_job_def("refresh").execute_in_process(
            instance=dg.DagsterInstance.ephemeral(), raise_on_error=False
        )
        yield {"expected": expected, "result": result, "settings": settings, "generated": tmp / "generated"}


def test_committed_sample_is_what_the_seeded_generator_writes(sample_run):
    assert _same_tree(PROJECT_ROOT / "data_raw", sample_run["generated"]) == []


def test_run_succeeds_with_every_check_passing(sample_run):
    result = sample_run["result"]
    assert result.success
    evaluations = result.get_asset_check_evaluations()
    assert [e.asset_check_key for e in evaluations if not e.passed] == []
    ge = [e for e in evaluations if e.asset_check_key.name == "ge_landed_suite"]
    assert len(ge) == 5
    assert len(evaluations) > 40  # plus every dbt test


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
