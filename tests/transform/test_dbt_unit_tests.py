"""dbt's unit tests (`unit_tests:` in the models' yml: tiny given rows, expected rows) run here, once per
test session, not in every refresh: they check the SQL, not the data (defs/transform.py)."""

import json

from equity_pipeline.dbt_runtime import build_target_path, run_dbt
from equity_pipeline.lock import refresh_lock


def test_every_dbt_unit_test_passes(sample_run, tmp_path) -> None:
    settings = sample_run["settings"]
    # they build their inputs as temporary tables in the warehouse (its upstream relations give the types)
    with refresh_lock(settings.warehouse_dir):
        done = run_dbt(["test", "--select", "test_type:unit"], settings, target_path=tmp_path / "target")
    assert done.returncode == 0, done.stdout[-4000:]
    results = json.loads((tmp_path / "target" / "run_results.json").read_text(encoding="utf-8"))["results"]
    assert len(results) >= 18 and {r["status"] for r in results} == {"pass"}
    assert all(r["unique_id"].startswith("unit_test.") for r in results)


def test_a_refresh_runs_no_unit_test(sample_run) -> None:
    # the last refresh's build (this worker's target folder) ran models and data tests, and no unit test
    results = json.loads((build_target_path() / "run_results.json").read_text(encoding="utf-8"))["results"]
    kinds = {r["unique_id"].split(".")[0] for r in results}
    assert {"model", "test"} <= kinds and "unit_test" not in kinds
