"""A failing Great Expectations gate blocks everything downstream of the bad table."""

import dagster as dg

from equity_pipeline.contracts import all_contracts
from equity_pipeline.quality.runner import validate_frame
from equity_pipeline.quality.suites import landed_suite
from tests.conftest import land, query, stage_case
from tests.e2e.declared_checks import failed_checks


def test_suite_names_the_failing_expectation_and_column(make_settings):
    s = make_settings()
    stage_case(s, "utf8_names")
    land(s, "hr_workforce")
    import duckdb

    with duckdb.connect(str(s.warehouse_path)) as con:
        frame = con.execute("select * from landed.hr_workforce").df()
    good = validate_frame(frame, "landed_hr_workforce", landed_suite(all_contracts()["hr_workforce"]))
    assert good.success
    frame.loc[1, "eeo4_job_category"] = "Astronaut"
    frame.loc[2, "employee_id_key"] = "not-a-hash"
    bad = validate_frame(frame, "landed_hr_workforce", landed_suite(all_contracts()["hr_workforce"]))
    failed = {(f.expectation, f.column, f.unexpected_count) for f in bad.failures}
    assert failed == {
        ("expect_column_values_to_be_in_set", "eeo4_job_category", 1),
        ("expect_column_values_to_match_regex", "employee_id_key", 1),
    }


def test_blocking_check_failure_stops_the_dbt_models_downstream(make_settings):
    s = make_settings()
    stage_case(s, "utf8_names")
    land(s, "hr_workforce")
    import duckdb

    with duckdb.connect(str(s.warehouse_path)) as con:  # corrupt what was landed, behind the loader's back
        con.execute("update landed.hr_workforce set eeo4_job_category = 'Astronaut' where employee_id = 'E000002'")
    from equity_pipeline.definitions import defs

    result = defs.resolve_job_def("refresh").execute_in_process(
        instance=dg.DagsterInstance.ephemeral(), raise_on_error=False
    )
    assert not result.success
    failed = failed_checks(result)
    assert [e.asset_check_key.to_user_string() for e in failed] == ["landed/hr_workforce:ge_landed_suite"]
    assert "eeo4_job_category: 1 unexpected" in failed[0].description
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert "landed/hr_workforce" in materialized
    assert not any(k.startswith(("staging/", "intermediate/")) for k in materialized)
    assert query(s, "select count(*) from information_schema.tables where table_schema = 'staging'") == [(0,)]
