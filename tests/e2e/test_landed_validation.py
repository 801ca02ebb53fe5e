"""The landed gate validates each file's rows once (quality/landed.py): a refresh validates only what it added.

The corpus case utf8_names is one hr_workforce export; its employee E000002 is corrupted behind the
loader's back, as in test_quality_gate, to make the suite fail.
"""

import datetime as dt

import duckdb
import great_expectations.expectations as gxe

from equity_pipeline.contracts import all_contracts
from equity_pipeline.quality import landed
from equity_pipeline.quality.landed import read_frame, suite_columns, validate_landed
from equity_pipeline.quality.suites import landed_suite
from tests.conftest import CORPUS, land, stage_case

HR = all_contracts()["hr_workforce"]


def rows_of(settings) -> int:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        return con.execute("select count(*) from landed.hr_workforce").fetchone()[0]


def test_a_file_is_validated_once_and_a_new_file_alone(make_settings):
    s = make_settings()
    stage_case(s, "utf8_names")
    land(s, "hr_workforce")
    first_rows = rows_of(s)
    with duckdb.connect(str(s.warehouse_path)) as con:
        first = validate_landed(con, HR, "run-1")
        again = validate_landed(con, HR, "run-2")
    assert first.result.success and (first.new_files, first.new_rows) == (1, first_rows)
    assert first.result.rows == first_rows and first.result.evaluated == len(landed_suite(HR))
    assert (again.new_files, again.new_rows, again.earlier_files, again.earlier_rows) == (0, 0, 1, first_rows)
    assert again.result.success and again.result.evaluated == 0
    assert "no new rows to validate; 1 file(s) held" in again.describe()
    # a second quarter's export (other bytes: one more employee id): only its rows are validated
    source = CORPUS / "utf8_names" / "hr_workforce" / "hr_workforce_2023-09-30.csv"
    text = source.read_text(encoding="utf-8").replace("E000002", "E000902")
    (s.raw_dir / "hr_workforce" / "hr_workforce_2023-12-31.csv").write_text(text, encoding="utf-8")
    land(s, "hr_workforce", now=dt.datetime.now(dt.UTC) + dt.timedelta(minutes=10))  # past the settle time
    with duckdb.connect(str(s.warehouse_path)) as con:
        third = validate_landed(con, HR, "run-3")
        recorded = con.execute(
            "select file_name, run_id, rows_validated from audit.landed_validations order by file_name"
        ).fetchall()
    assert (third.new_files, third.new_rows, third.earlier_files) == (1, rows_of(s) - first_rows, 1)
    assert recorded == [
        ("hr_workforce_2023-09-30.csv", "run-1", first_rows),
        ("hr_workforce_2023-12-31.csv", "run-3", rows_of(s) - first_rows),
    ]


def test_a_failed_file_is_not_recorded_and_fails_again(make_settings):
    s = make_settings()
    stage_case(s, "utf8_names")
    land(s, "hr_workforce")
    with duckdb.connect(str(s.warehouse_path)) as con:
        con.execute("update landed.hr_workforce set eeo4_job_category = 'Astronaut' where employee_id = 'E000002'")
        first = validate_landed(con, HR, "run-1")
        second = validate_landed(con, HR, "run-2")
        (recorded,) = con.execute("select count(*) from audit.landed_validations").fetchone()
    assert not first.result.success and not second.result.success
    assert {(f.column, f.unexpected_count) for f in second.result.failures} == {("eeo4_job_category", 1)}
    assert second.new_files == 1 and recorded == 0


def test_a_changed_suite_validates_every_file_again(make_settings, monkeypatch):
    s = make_settings()
    stage_case(s, "utf8_names")
    land(s, "hr_workforce")
    with duckdb.connect(str(s.warehouse_path)) as con:
        assert validate_landed(con, HR, "run-1").new_files == 1
        stricter = [*landed_suite(HR), gxe.ExpectColumnValuesToNotBeNull(column="department_name")]
        monkeypatch.setattr(landed, "landed_suite", lambda contract: stricter)
        again = validate_landed(con, HR, "run-2")
    assert (again.new_files, again.earlier_files) == (1, 0)
    assert again.result.evaluated == len(stricter)


def test_ge_reads_only_the_suites_columns_as_categories(make_settings):
    s = make_settings()
    stage_case(s, "utf8_names")
    land(s, "hr_workforce")
    columns = suite_columns(landed_suite(HR))
    assert not {"first_name", "last_name", "birth_date"} & set(columns)  # personal data is not read for GE
    with duckdb.connect(str(s.warehouse_path)) as con:
        frame = read_frame(con, "landed.hr_workforce", columns, "true")
        plain = con.execute(f"select {', '.join(columns)} from landed.hr_workforce").df()
        (types,) = con.execute("select count(*) from duckdb_types() where type_name like 'enum_%'").fetchone()
    assert list(frame.columns) == columns
    assert str(frame["sex"].dtype) == "category"
    # the same values, nulls included, in the same rows
    for column in columns:
        assert (
            frame[column].astype(object).where(frame[column].notna(), None).tolist()
            == plain[column].astype(object).where(plain[column].notna(), None).tolist()
        ), column
    assert types == 0  # the scratch database's ENUMs are gone with it
