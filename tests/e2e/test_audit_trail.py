"""What an auditor reads in the Dagster UI (issue 14, items 1, 2 and 6): the sample refresh's record in
the warehouse's own instance, checked against what can be recomputed by hand (the files' SHA-256 with
hashlib, the manifest, the published publication_log)."""

import hashlib
import json

import dagster as dg

from equity_pipeline.config import PROJECT_ROOT
from equity_pipeline.contracts import all_contracts
from equity_pipeline.instance import PUBLISH_ID_TAG, RAW_DIR_TAG, WAREHOUSE_TAG, dagster_home
from equity_pipeline.publish.layout import current_id
from tests.conftest import query
from tests.sample_run import published

PUBLICATION = dg.AssetKey(["published", "publication"])


def latest(sample_run, key: list[str]) -> dg.EventLogEntry:
    return sample_run["instance"].get_latest_materialization_event(dg.AssetKey(key))


def records(value: dg.TableMetadataValue) -> list[dict]:
    return [r.data for r in value.records]


def test_the_run_is_kept_in_the_warehouses_own_instance_and_tagged(sample_run) -> None:
    settings, instance = sample_run["settings"], sample_run["instance"]
    assert dagster_home(settings, environ={}) == settings.warehouse_dir / ".dagster"
    assert (settings.warehouse_dir / ".dagster" / "dagster.yaml").exists()
    run = instance.get_run_by_id(sample_run["result"].run_id)
    assert run.tags[WAREHOUSE_TAG] == str(settings.warehouse_dir)
    assert run.tags[RAW_DIR_TAG] == str(PROJECT_ROOT / "data_raw")
    assert run.tags[PUBLISH_ID_TAG] == current_id(settings.warehouse_dir)


def test_the_publication_is_a_record_of_its_files_checks_and_code(sample_run) -> None:
    event = latest(sample_run, ["published", "publication"])
    metadata = event.asset_materialization.metadata
    ((publish_id, run_id, code_version, source_files),) = published(
        sample_run, "select publish_id, run_id, code_version, source_files::varchar from publication_log"
    )
    assert metadata["publish_id"].value == publish_id
    assert metadata["published_by_run"].value == run_id == sample_run["result"].run_id
    assert metadata["code_version"].value == code_version
    assert metadata["status"].value == "published by this run"
    assert event.asset_materialization.tags["dagster/data_version"] == publish_id
    files = records(metadata["source_files"])
    # every loaded file of the manifest, with its SHA-256 recomputed from the landing folder
    loaded = query(
        sample_run["settings"],
        "select source, file_name, file_sha256, rows_landed from audit.ingest_manifest where status = 'loaded' "
        "order by source, as_of, version",
    )
    assert [(f["source"], f["file"], f["sha256"], f["rows_loaded"]) for f in files] == loaded
    assert len(files) == len(json.loads(source_files)) > 20
    for f in files:
        path = PROJECT_ROOT / "data_raw" / f["source"] / f["file"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == f["sha256"]
    # the checks by name: every evaluation of the run before the publication, each passed
    checks = records(metadata["checks_this_run"])
    evaluations = sample_run["result"].get_asset_check_evaluations()
    assert len(checks) == len(evaluations) == metadata["checks_passed"].value + metadata["checks_warned"].value
    assert {"asset": "marts/pvr_quarterly", "check": "ge_publishable", "outcome": "passed"} in checks
    # each passed, but the sources' freshness: the sample is a year old, so each warns (tests/e2e/test_freshness.py)
    warned = sorted(c["asset"] for c in checks if c["outcome"] == "warned" and c["check"] == "freshness")
    assert warned == [f"landed/{s}" for s in sorted(all_contracts())]
    assert {c["outcome"] for c in checks if c["check"] != "freshness"} == {"passed"}
    assert str(metadata["report"].value).endswith("reports/pvr_latest.html")
    assert {r["table"]: r["rows"] for r in records(metadata["rows"])}["pvr_quarterly"] == published(
        sample_run, "select count(*) from pvr_quarterly"
    )[0][0]


def test_raw_files_are_observed_with_their_sha256(sample_run) -> None:
    instance = sample_run["instance"]
    (observation,) = instance.fetch_observations(dg.AssetKey(["raw", "training_roster"]), limit=1).records
    files = records(observation.asset_observation.metadata["files"])
    folder = PROJECT_ROOT / "data_raw" / "training_roster"
    assert [f["file"] for f in files] == sorted(p.name for p in folder.iterdir())
    for f in files:
        data = (folder / f["file"]).read_bytes()
        assert (f["sha256"], f["bytes"], f["state"]) == (hashlib.sha256(data).hexdigest(), len(data), "ready")


def test_a_landed_asset_shows_the_files_its_table_holds(sample_run) -> None:
    metadata = latest(sample_run, ["landed", "wc_claims"]).asset_materialization.metadata
    held = records(metadata["files_held"])
    by_file = query(
        sample_run["settings"],
        "select _source_file, _sha256, count(*) from landed.wc_claims group by all order by min(_as_of), 1",
    )
    assert [(f["file"], f["sha256"], f["rows_held"]) for f in held] == by_file
    assert sum(f["rows_held"] for f in held) == metadata["rows_in_table"].value
    this_run = records(metadata["files_this_run"])
    assert {f["status"] for f in this_run} == {"loaded"} and len(this_run) == len(held)


def test_a_ge_check_lists_each_expectation_with_its_outcome(sample_run) -> None:
    (evaluation,) = [
        e
        for e in sample_run["result"].get_asset_check_evaluations()
        if e.asset_check_key.to_user_string() == "marts/pvr_quarterly:ge_publishable"
    ]
    table = records(evaluation.metadata["expectations_run"])
    assert len(table) == evaluation.metadata["expectations"].value > 5
    assert {r["outcome"] for r in table} == {"passed"}
    assert any(r["expectation"] == "expect_table_columns_to_match_ordered_list" for r in table)
