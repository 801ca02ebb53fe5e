"""How many asset checks the Definitions should hold and a refresh should evaluate, counted where each is
declared: dbt's data tests in the manifest, our Great Expectations gates in the Definitions' asset_checks.

Counting from there keeps the tests' counts exact without a number to retype whenever a dbt test is added.
"""

import json
from typing import Any

import dagster as dg

from equity_pipeline.dbt_runtime import prepare_manifest


def dbt_data_tests(*layers: str) -> list[dict[str, Any]]:
    """The manifest's data tests (on models of `layers`, e.g. "staging", or on anything when none is given).

    Unit tests are left out: dagster-dbt reports only data tests as asset checks (a unit test checks the
    model's SQL on fixed inputs, not the materialized data). A data test counts whatever its severity:
    a warn-severity test is a check too, one that does not block.
    """
    manifest = json.loads(prepare_manifest().read_text(encoding="utf-8"))
    tests = [node for node in manifest["nodes"].values() if node["resource_type"] == "test"]
    if not layers:
        return tests
    return [t for t in tests if manifest["nodes"][checked_node(t)]["fqn"][1] in layers]


def checked_node(test: dict[str, Any]) -> str:
    """A generic test's model, or a singular test's only dependency (how dagster-dbt attaches a check).

    Its fqn is [project, layer folder, ..., name]: the layer folder is also the model's group and schema.
    A singular test on several models names none of them: the unpacking fails rather than guess.
    """
    if test.get("attached_node"):
        return test["attached_node"]
    (node,) = test["depends_on"]["nodes"]
    return node


def own_check_count(defs: dg.Definitions) -> int:
    """Checks the Definitions declare beside the dbt assets' own (the Great Expectations gates)."""
    return sum(len(checks.check_keys) for checks in defs.asset_checks or [])


def evaluated_check_count(defs: dg.Definitions) -> int:
    """How many check evaluations a refresh of everything yields: every dbt data test and every own check."""
    return len(dbt_data_tests()) + own_check_count(defs)


def failed_checks(result: dg.ExecuteInProcessResult) -> list[dg.AssetCheckEvaluation]:
    """The run's failed check evaluations apart from source freshness (defs/freshness.py).

    Freshness compares the newest export with today's date, so on any fixture of past exports it warns (a
    WARN check: the run still succeeds and publishes); tests/e2e/test_freshness.py checks those figures.
    """
    from equity_pipeline.defs.freshness import FRESHNESS_CHECK_KEYS

    return [
        e
        for e in result.get_asset_check_evaluations()
        if not e.passed and e.asset_check_key not in FRESHNESS_CHECK_KEYS
    ]
