"""Snapshot and log semantics, as the dbt intermediate models implement them, on hand-made exports."""

from pathlib import Path

import pytest

from equity_pipeline.config import get_settings
from equity_pipeline.dbt_runtime import run_dbt
from tests.conftest import land, query

HR = "employee_id,department_code,eeo4_job_category,employment_type,fte,hire_date,termination_date,termination_type"
TR = "session_id,program,session_date,host_department_code,attendee_type,attendee_id,attendance_status,headcount"
BR = "board_code,board_name,seat_id,status,member_id,appointed_date,term_start,term_end"


def write(raw: Path, source: str, name: str, *lines: str) -> None:
    (raw / source).mkdir(parents=True, exist_ok=True)
    (raw / source / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("semantics")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EQUITY_RAW_DIR", str(tmp_path / "raw"))
        mp.setenv("EQUITY_WAREHOUSE_DIR", str(tmp_path / "warehouse"))
        mp.setenv("EQUITY_PSEUDONYM_KEY", "semantics-key")
        yield _build(get_settings(), tmp_path)


def _build(s, tmp_path):
    raw = s.raw_dir
    write(
        raw,
        "hr_workforce",
        "hr_workforce_2023-06-30.csv",
        HR,
        "E1,APD,Professionals,Full-Time,1,2020-01-01,,",
        "E2,PW,Technicians,Full-Time,1,2019-01-01,2023-05-31,Voluntary",
    )
    write(raw, "hr_workforce", "hr_workforce_2023-09-30.csv", HR, "E1,AFD,Professionals,Full-Time,0.5,2020-01-01,,")
    write(
        raw,
        "training_roster",
        "training_roster_2023-06-30.csv",
        TR,
        "S1,DEI Training,2023-06-01,OEJ,Employee,E1,Completed,",
        "S1,DEI Training,2023-06-01,OEJ,Employee,E2,Completed,",
        "S1,DEI Training,2023-06-01,OEJ,Employee,E3,Completed,",
        "S2,EEO Training,2023-06-02,OEJ,Employee,E1,No-Show,",
    )
    # The newer export re-sends S1 with two rows: S1's three earlier rows are replaced; S2 is untouched.
    write(
        raw,
        "training_roster",
        "training_roster_2023-09-30.csv",
        TR,
        "S1,DEI Training,2023-06-01,OEJ,Employee,E1,Completed,",
        "S1,DEI Training,2023-06-01,OEJ,Community,,Attended,40",
    )
    write(
        raw,
        "board_roster",
        "board_roster_2023-06-30.csv",
        BR,
        "B1,Board,01,Filled,M1,2022-01-01,2022-01-01,2025-01-01",
        "B1,Board,02,Vacant,,,,",
    )
    write(
        raw,
        "board_roster",
        "board_roster_2023-09-30.csv",
        BR,
        "B1,Board,01,Holdover,M1,2022-01-01,2022-01-01,2023-08-01",
    )
    land(s)
    # cautious: only the tests whose parents are all selected. The staging folder declares the
    # reference.languages source, which the lep_population seed's code test also reads: eagerly, that
    # test would be selected without its seed.
    result = run_dbt(
        [
            "build",
            "--select",
            "path:models/staging",
            "path:models/intermediate/current",
            # the newest complete roster is marked there: the board seats' current model reads it
            "int_board_seats__by_roster",
            "--indirect-selection",
            "cautious",
        ],  # fmt: skip
        s,
        target_path=tmp_path / "dbt_target",
    )
    assert result.returncode == 0, result.stdout[-3000:]
    return s


def test_snapshot_record_takes_newest_values_and_missing_record_keeps_its_last(built):
    rows = query(
        built,
        "select department_code, fte, termination_type, as_of_date::varchar "
        "from intermediate.int_employees__current order by department_code",
    )
    assert rows == [("AFD", 0.5, None, "2023-09-30"), ("PW", 1.0, "Voluntary", "2023-06-30")]


def test_log_session_is_replaced_whole_by_the_newer_export(built):
    rows = query(
        built,
        "select session_id, attendee_type, attendance_count, source_file "
        "from intermediate.int_training_attendances__current order by session_id, source_line",
    )
    assert rows == [
        ("S1", "Employee", 1, "training_roster_2023-09-30.csv"),
        ("S1", "Community", 40, "training_roster_2023-09-30.csv"),
        ("S2", "Employee", 0, "training_roster_2023-06-30.csv"),
    ]


def test_seats_come_from_the_newest_roster_alone(built):
    rows = query(built, "select seat_id, seat_status from intermediate.int_board_seats__current")
    assert rows == [("01", "Holdover")]


def test_no_names_or_raw_ids_past_staging(built):
    columns = {
        r[0]
        for r in query(
            built,
            "select column_name from information_schema.columns where table_schema in ('staging', 'intermediate')",
        )
    }
    for personal in (
        "first_name",
        "last_name",
        "attendee_name",
        "claimant_name",
        "member_name",
        "description",
        "employee_id",
        "attendee_id",
        "member_id",
    ):
        assert personal not in columns
    intermediate = {
        r[0]
        for r in query(built, "select column_name from information_schema.columns where table_schema = 'intermediate'")
    }
    assert "birth_date" not in intermediate


def test_fiscal_year_start_month_is_configurable(make_settings, tmp_path, monkeypatch):
    """With a July start, 2023-08-01 is FY2024 Q1 and 2023-06-30 is FY2023 Q4 (named by the year it ends in)."""
    s = make_settings()
    write(
        s.raw_dir,
        "training_roster",
        "training_roster_2023-09-30.csv",
        TR,
        "S1,DEI Training,2023-08-01,OEJ,Employee,E1,Completed,",
        "S2,DEI Training,2023-06-30,OEJ,Employee,E1,Completed,",
    )
    land(s)
    monkeypatch.setenv("EQUITY_FISCAL_YEAR_START_MONTH", "7")
    s = get_settings()
    result = run_dbt(
        ["build", "--select", "+int_training_sessions__by_attendee_type"], s, target_path=tmp_path / "dbt_target"
    )
    assert result.returncode == 0, result.stdout[-3000:]
    rows = query(
        s,
        "select session_id, fiscal_year, fiscal_quarter "
        "from intermediate.int_training_sessions__by_attendee_type order by 1",
    )
    assert rows == [("S1", 2024, 1), ("S2", 2023, 4)]
