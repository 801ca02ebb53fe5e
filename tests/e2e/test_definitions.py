"""The Dagster Definitions load, and hold every expected asset and check."""

import os
import subprocess
import sys

import dagster as dg

from equity_pipeline.config import PROJECT_ROOT, VARIABLES
from equity_pipeline.contracts import all_contracts
from equity_pipeline.definitions import defs
from equity_pipeline.resources import EquitySettings

SOURCES = sorted(all_contracts())

# Every mart the dbt project publishes, named here by hand: a mart that stops being published fails a test.
PUBLISHED_MARTS = (
    "pvr_quarterly", "pvr_annual", "data_quality_issues", "wc_claims_monthly", "wc_report_lag",
    "board_seats", "board_recruitment", "board_representation", "board_representation_history",
    "language_access_monthly", "language_access_safe_harbor", "language_access_annual",
    "workforce_disparity", "workforce_representation",
)  # fmt: skip


def test_every_expected_asset_key_is_defined() -> None:
    keys = {k.to_user_string() for k in defs.resolve_all_asset_keys()}
    expected = (
        {f"raw/{s}" for s in SOURCES}
        | {f"landed/{s}" for s in SOURCES}
        | {"reference/languages"}
        | {
            "staging/stg_hr_workforce__employees",
            "staging/stg_training_roster__attendances",
            "staging/stg_wc_claims__claims",
            "staging/stg_board_roster__seats",
            "staging/stg_language_access__requests",
            "intermediate/int_employees__current",
            "intermediate/int_training_attendances__current",
            "intermediate/int_claims__current",
            "intermediate/int_board_seats__current",
            "intermediate/int_language_requests__current",
            "marts/pvr_quarterly",
            "marts/pvr_annual",
            "marts/data_quality_issues",
            "marts/wc_claims_monthly",
            "marts/wc_report_lag",
            "marts/board_seats",
            "marts/board_recruitment",
            "marts/board_representation",
            "marts/board_representation_history",
            "marts/language_access_monthly",
            "marts/language_access_safe_harbor",
            "marts/workforce_disparity",
            "marts/workforce_representation",
            "intermediate/int_workforce_disparity__tests",
            "intermediate/int_workforce_representation__cells",
            "intermediate/int_language_requests__described",
            "intermediate/int_board_seats__by_roster",
            "intermediate/int_board_members__groups",
            "intermediate/int_board_representation__cells",
            "intermediate/int_claims__valuations",
            "intermediate/int_workforce__hours_monthly",
            "published/publication",
            "published/pvr_report",
        }
    )
    assert expected <= keys, expected - keys


def test_lineage_runs_from_raw_files_through_landing_to_staging() -> None:
    graph = defs.resolve_asset_graph()
    for source in SOURCES:
        landed = dg.AssetKey(["landed", source])
        assert dg.AssetKey(["raw", source]) in graph.get(landed).parent_keys
        staging_children = {k.to_user_string() for k in graph.get(landed).child_keys}
        assert any(k.startswith(f"staging/stg_{source}__") for k in staging_children), source


def test_each_landed_source_has_a_blocking_ge_check_and_dbt_tests_are_checks() -> None:
    graph = defs.resolve_asset_graph()
    specs = {key: graph.get_check_spec(key) for key in graph.asset_check_keys}
    for source in SOURCES:
        key = dg.AssetCheckKey(dg.AssetKey(["landed", source]), "ge_landed_suite")
        assert key in specs and specs[key].blocking, source
    dbt_checks = [k for k in specs if k.asset_key.path[0] in ("staging", "intermediate")]
    from tests.e2e.declared_checks import dbt_data_tests

    assert len(dbt_checks) == len(dbt_data_tests("staging", "intermediate"))  # every dbt test on them is a check


def test_each_landed_source_has_a_non_blocking_freshness_check_in_the_refresh() -> None:
    from equity_pipeline.defs.freshness import FRESHNESS_CHECK_KEYS

    graph = defs.resolve_asset_graph()
    expected = [dg.AssetCheckKey(dg.AssetKey(["landed", s]), "freshness") for s in sorted(SOURCES)]
    assert sorted(FRESHNESS_CHECK_KEYS, key=lambda k: k.asset_key.path[1]) == expected
    for key in expected:
        assert key in graph.asset_check_keys and not graph.get_check_spec(key).blocking, key
    # the refresh job evaluates them: its selection holds every check of the landed assets
    job = defs.resolve_job_def("refresh")
    assert set(expected) <= set(job.asset_layer.asset_graph.asset_check_keys)


def test_refresh_job_runs_in_one_process() -> None:
    job = defs.resolve_job_def("refresh")
    assert job.executor_def.name == "in_process"


def test_publication_waits_for_every_published_mart_and_its_blocking_gate() -> None:
    graph = defs.resolve_asset_graph()
    publication = dg.AssetKey(["published", "publication"])
    parents = graph.get(publication).parent_keys
    for mart in PUBLISHED_MARTS:
        key = dg.AssetKey(["marts", mart])
        assert key in parents
        assert graph.get_check_spec(dg.AssetCheckKey(key, "ge_publishable")).blocking
    assert dg.AssetKey(["published", "publication"]) in graph.get(dg.AssetKey(["published", "pvr_report"])).parent_keys


def test_nightly_schedule_at_two_local_time() -> None:
    schedule = defs.resolve_schedule_def("nightly_refresh")
    assert schedule.cron_schedule == "0 2 * * *"
    assert schedule.execution_timezone == "America/Anchorage"
    assert schedule.job_name == "refresh"


def test_sensor_requests_a_run_only_when_the_landing_folder_changes(make_settings) -> None:
    settings = make_settings()
    sensor = defs.resolve_sensor_def("new_exports")
    resources = {"settings": defs.resources["settings"]}  # as the daemon gives it: read at each tick
    folder = settings.raw_dir / "training_roster"
    folder.mkdir(parents=True)
    (folder / "training_roster_2023-09-30.csv").write_text("session_id\n", encoding="utf-8")
    with dg.instance_for_test() as instance, dg.build_sensor_context(instance=instance, resources=resources) as context:
        first = sensor(context)
    assert len(first.run_requests) == 1
    with dg.build_sensor_context(cursor=first.cursor, resources=resources) as context:
        assert isinstance(sensor(context), dg.SkipReason)
    (folder / "training_roster_2023-12-31.csv").write_text("session_id\n", encoding="utf-8")
    with dg.build_sensor_context(cursor=first.cursor, resources=resources) as context:
        second = sensor(context)
    assert len(second.run_requests) == 1 and second.cursor != first.cursor


def test_every_asset_sits_in_a_group_of_the_data_path() -> None:
    groups = {spec.group_name for spec in defs.resolve_all_asset_specs()}
    assert groups == {"ingest", "staging", "intermediate", "marts", "lineage", "publish"}


def test_every_definition_key_outside_dbt_and_the_resources() -> None:
    graph = defs.resolve_asset_graph()
    own_checks = {
        k.to_user_string() for k in graph.asset_check_keys if k.name.startswith("ge_") or k.name == "freshness"
    }
    assert own_checks == (
        {f"landed/{s}:ge_landed_suite" for s in SOURCES}
        | {f"landed/{s}:freshness" for s in SOURCES}
        | {f"marts/{m}:ge_publishable" for m in PUBLISHED_MARTS}
        | {"marts/wc_claims_monthly:ge_totals"}
    )
    assert [job.name for job in defs.jobs] == ["refresh"]
    assert [s.name for s in defs.schedules] == ["nightly_refresh"]
    assert [s.name for s in defs.sensors] == ["new_exports", "alert_on_failure", "alert_on_warnings"]
    assert set(defs.resources) == {"dbt", "settings"}
    assert isinstance(defs.resources["settings"], EquitySettings)
    # Read from each run's environment, not fixed when the code loaded (resources.py).
    assert all(getattr(defs.resources["settings"], field) is None for field in VARIABLES)


def test_every_asset_and_check_that_reads_settings_takes_the_resource() -> None:
    takes = {
        key.to_user_string()
        for assets_def in defs.resolve_asset_graph().assets_defs
        if "settings" in assets_def.required_resource_keys
        for key in [*assets_def.keys, *assets_def.check_keys]
    }
    for source in SOURCES:
        assert {f"landed/{source}", f"landed/{source}:ge_landed_suite", f"landed/{source}:freshness"} <= takes
    assert {"reference/languages", "marts/pvr_quarterly", "published/publication", "published/pvr_report",
            "marts/wc_claims_monthly:ge_totals", "marts/pvr_annual:ge_publishable"} <= takes  # fmt: skip
    for sensor in ("new_exports", "alert_on_failure", "alert_on_warnings"):
        assert "settings" in defs.resolve_sensor_def(sensor).required_resource_keys


def test_importing_the_definitions_runs_no_dbt(tmp_path) -> None:
    """A fresh interpreter imports them with every subprocess recorded: none may start dbt."""
    script = (
        "import subprocess, sys\n"
        "started = []\n"
        "class Spy(subprocess.Popen):\n"
        "    def __init__(self, args, *a, **k):\n"
        "        started.append(' '.join(map(str, args)) if isinstance(args, (list, tuple)) else str(args))\n"
        "        super().__init__(args, *a, **k)\n"
        "subprocess.Popen = Spy\n"
        "import equity_pipeline.definitions\n"
        "print([c for c in started if 'dbt' in c])\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_IS_DEV_CLI"}
    done = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
