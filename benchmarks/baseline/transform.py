"""The baseline's transform phase: replay the project's compiled SQL from a dbt manifest.

Only what the published marts need runs: their ancestors among the manifest's seeds and models
(so no tests, no unit tests, no lineage or gate views), in dependency order, each as its
configured materialization does it in dbt-duckdb: a view; a table (an enforced contract's table is
created with the declared column types, then filled, which casts like dbt does); the one Python
model called with a minimal `dbt` shim whose ref() is the DuckDB relation.
"""

from __future__ import annotations

import importlib.util
import json
from graphlib import TopologicalSorter
from pathlib import Path
from typing import Any

import duckdb

from equity_pipeline.config import PROJECT_ROOT

DBT_PROJECT = PROJECT_ROOT / "dbt_project"


def load_manifest(path: Path) -> dict[str, Any]:
    manifest = json.loads(path.read_text(encoding="utf-8"))
    missing = [
        uid
        for uid, n in manifest["nodes"].items()
        if n["resource_type"] == "model" and n.get("language") == "sql" and not n.get("compiled_code")
    ]
    if missing:
        raise ValueError(f"{path}: models without compiled_code (run dbt compile or build first): {missing[:3]}")
    return manifest


def published_nodes(manifest: dict[str, Any], names: list[str]) -> list[str]:
    """The unique ids of the published marts and every seed and model they depend on, in build order."""
    nodes = manifest["nodes"]
    by_name = {n["name"]: uid for uid, n in nodes.items() if n["resource_type"] == "model"}
    wanted: set[str] = set()
    stack = [by_name[name] for name in names]
    while stack:
        uid = stack.pop()
        if uid in wanted or uid not in nodes:  # sources are not nodes: they are the landed tables
            continue
        wanted.add(uid)
        stack += nodes[uid].get("depends_on", {}).get("nodes", [])
    graph = {uid: [d for d in nodes[uid].get("depends_on", {}).get("nodes", []) if d in wanted] for uid in wanted}
    return list(TopologicalSorter(graph).static_order())


def _seed(con: duckdb.DuckDBPyConnection, node: dict[str, Any]) -> None:
    path = Path(node["root_path"]) / node["original_file_path"]
    if not path.exists():
        path = DBT_PROJECT / node["original_file_path"]
    types = node["config"].get("column_types") or {}
    con.execute(
        f"create or replace table {node['relation_name']} as "
        f"select * from read_csv(?, header = true, types = {json.dumps(types)!s})",
        [str(path)],
    )


def _contract_table(con: duckdb.DuckDBPyConnection, node: dict[str, Any]) -> None:
    """dbt-duckdb's enforced contract: create with the declared types, insert the named columns."""
    columns = list(node["columns"].values())
    ddl = ", ".join(f'"{c["name"]}" {c["data_type"]}' for c in columns)
    names = ", ".join(f'"{c["name"]}"' for c in columns)
    con.execute(f"create or replace table {node['relation_name']} ({ddl})")
    con.execute(
        f"insert into {node['relation_name']} ({names}) select {names} from ({node['compiled_code']}) as model_subq"
    )


class _DbtShim:
    """What the Python model asks of dbt: config() (ignored) and ref() (the DuckDB relation)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, relations: dict[str, str]) -> None:
        self._con, self._relations = con, relations

    def config(self, **_: Any) -> None:
        return None

    def ref(self, name: str) -> duckdb.DuckDBPyRelation:
        return self._con.sql(f"select * from {self._relations[name]}")


def _python_model(con: duckdb.DuckDBPyConnection, node: dict[str, Any], relations: dict[str, str]) -> None:
    path = DBT_PROJECT / node["original_file_path"]
    spec = importlib.util.spec_from_file_location(f"baseline_{node['name']}", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    frame = module.model(_DbtShim(con, relations), None)
    # as dbt-duckdb's py_write_table: register the frame, create the table from it
    con.register("_python_model_frame", frame)
    con.execute(f"create or replace table {node['relation_name']} as select * from _python_model_frame")
    con.unregister("_python_model_frame")


def replay(con: duckdb.DuckDBPyConnection, manifest: dict[str, Any], names: list[str]) -> int:
    """Build the published marts and their ancestors in `con`; return how many nodes ran."""
    nodes = manifest["nodes"]
    for schema in sorted({n["schema"] for n in nodes.values() if n["resource_type"] in ("model", "seed")}):
        con.execute(f'create schema if not exists "{schema}"')
    relations = {n["name"]: n["relation_name"] for n in nodes.values() if n.get("relation_name")}
    order = published_nodes(manifest, names)
    for uid in order:
        node = nodes[uid]
        materialized = node["config"]["materialized"]
        if node["resource_type"] == "seed":
            _seed(con, node)
        elif node.get("language") == "python":
            _python_model(con, node, relations)
        elif materialized == "view":
            con.execute(f"create or replace view {node['relation_name']} as ({node['compiled_code']})")
        elif materialized == "table" and node["config"].get("contract", {}).get("enforced"):
            _contract_table(con, node)
        elif materialized == "table":
            con.execute(f"create or replace table {node['relation_name']} as ({node['compiled_code']})")
        else:
            raise ValueError(f"{uid}: materialization {materialized!r} is not replayed by the baseline")
    return len(order)
