"""Auditors read the dbt assets and checks in the Dagster UI: every model, seed, source, column and data
test says what it is in the dbt yml, and the Definitions show that text (not the raw SQL, not a default)."""

import json
import re
from typing import Any

import duckdb
import pytest

from equity_pipeline.dbt_runtime import prepare_manifest

# A name dbt makes up for a generic test without `name:` (`accepted_values_<model>_<column>__<values>`),
# or its hashed form when that is too long (`dbt_utils_..._<32 hex>`).
GENERATED_NAME = re.compile(r"__|_[0-9a-f]{32}$")
CHECK_NAME = re.compile(r"^[A-Za-z0-9_]+$")


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    return json.loads(prepare_manifest().read_text(encoding="utf-8"))


def _nodes(manifest: dict[str, Any], *types: str) -> list[dict[str, Any]]:
    return [n for n in manifest["nodes"].values() if n["resource_type"] in types]


def _is_default(description: str | None, node: dict[str, Any]) -> bool:
    """Empty, or dagster-dbt's stand-in `dbt model <name>`."""
    text = (description or "").strip()
    return not text or text == f"dbt {node['resource_type']} {node['name']}"


def _macro(test: dict[str, Any]) -> str:
    meta = test["test_metadata"]
    return f"{meta['namespace']}_{meta['name']}" if meta.get("namespace") else meta["name"]


def test_every_model_seed_and_source_is_described(manifest: dict[str, Any]) -> None:
    resources = [*_nodes(manifest, "model", "seed"), *manifest["sources"].values()]
    assert [r["unique_id"] for r in resources if _is_default(r.get("description"), r)] == []


def test_every_column_of_every_built_relation_is_described(sample_run, manifest: dict[str, Any]) -> None:
    built: dict[tuple[str, str], dict[str, Any]] = {
        (n["schema"], n.get("alias") or n["name"]): n for n in _nodes(manifest, "model", "seed")
    }
    with duckdb.connect(str(sample_run["settings"].warehouse_path), read_only=True) as con:
        columns = con.execute(
            "select table_schema, table_name, column_name from information_schema.columns"
            " where table_catalog = current_database() order by table_schema, table_name, ordinal_position"
        ).fetchall()
    checked = {(schema, table) for schema, table, _ in columns if (schema, table) in built}
    assert checked == set(built), "every model and seed is in the sample warehouse"
    undescribed = [
        f"{schema}.{table}.{column}"
        for schema, table, column in columns
        if (schema, table) in built
        and not (built[schema, table]["columns"].get(column, {}).get("description") or "").strip()
    ]
    assert undescribed == []


def test_every_data_test_has_a_readable_name_and_a_description(manifest: dict[str, Any]) -> None:
    tests = _nodes(manifest, "test")
    assert tests
    assert [t["name"] for t in tests if not (t.get("description") or "").strip()] == []
    assert [t["name"] for t in tests if GENERATED_NAME.search(t["name"]) or not CHECK_NAME.match(t["name"])] == []
    # Without `name:`, dbt names a generic test after its macro and arguments: `not_null_<model>_<column>`.
    generated = [t["name"] for t in tests if t.get("test_metadata") and t["name"].startswith(_macro(t) + "_")]
    assert generated == []
    # Unique per checked model, as Dagster keys a check (asset, name); a name may recur on another model
    # only where one yml entry declares the test for both (board_representation's shared columns).
    keys = [(t.get("attached_node"), t["name"]) for t in tests]
    assert len(keys) == len(set(keys)), "check names are unique per asset"
    assert len({t["name"] for t in tests}) >= len(tests) - 2


def test_the_dagster_ui_shows_the_yml_descriptions() -> None:
    from equity_pipeline.defs.transform import equity_dbt_models

    specs = list(equity_dbt_models.specs)
    assert specs
    assert [s.key.to_user_string() for s in specs if not s.description or "Raw SQL" in s.description] == []
    assert [s.key.to_user_string() for s in specs if s.description.startswith(("dbt model ", "dbt seed "))] == []
    checks = list(equity_dbt_models.check_specs)
    assert checks
    assert [c.name for c in checks if not (c.description or "").strip()] == []
