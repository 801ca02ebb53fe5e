"""The dbt models, seeds and sources a published table is built from, read from the dbt manifest, and
column lineage where sqlglot can follow the compiled SQL.

dbt-core records no column lineage in its manifest (only node-level depends_on / parent_map), so the
column part is sqlglot's reading of each model's compiled SQL (`compiled/` of a dbt build's target
folder), one model at a time, following a column into the relations it is selected from. Where a model
cannot be parsed or is not compiled yet, the lineage stops there and says so.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from equity_pipeline.config import DBT_PROJECT_DIR
from equity_pipeline.publish.catalog import PROJECT, relation

MAX_COLUMNS = 60  # a column fanning out wider than this is cut short (the view stays readable)


@dataclass(frozen=True)
class PathNode:
    unique_id: str
    kind: str  # model, seed or source
    relation: str  # schema.name, as in the warehouse
    file_path: str
    summary: str  # the first sentence of its description
    asset: str  # its Dagster asset key (user string), to pick its checks from the run's


def first_sentence(text: str) -> str:
    flat = " ".join((text or "").split())
    match = re.match(r"(.+?[.!?])(\s|$)", flat)
    return match.group(1) if match else flat


def _asset_key(node: dict[str, Any]) -> str:
    # dagster-dbt's default key is [schema, name]; a source names its own (meta.dagster.asset_key)
    configured = node.get("meta", {}).get("dagster", {}).get("asset_key")
    if configured:
        return "/".join(configured)
    if node["resource_type"] == "source":
        return f"{node['source_name']}/{node['name']}"
    return "/".join(relation(node).split("."))


def _node(manifest: dict[str, Any], unique_id: str) -> dict[str, Any]:
    return manifest["nodes"].get(unique_id) or manifest["sources"][unique_id]


def upstream(manifest: dict[str, Any], unique_id: str) -> list[PathNode]:
    """The node and everything it is built from (parent_map, transitively), parents before children."""
    ordered: list[str] = []
    seen: set[str] = set()

    def visit(uid: str) -> None:  # depth-first post-order: a node after all its parents
        if uid in seen:
            return
        seen.add(uid)
        for parent in sorted(manifest["parent_map"].get(uid, [])):
            visit(parent)
        ordered.append(uid)

    visit(unique_id)
    nodes = []
    for uid in ordered:
        node = _node(manifest, uid)
        nodes.append(
            PathNode(
                unique_id=uid,
                kind=node["resource_type"],
                relation=relation(node),
                file_path=node["original_file_path"],
                summary=first_sentence(node.get("description", "")),
                asset=_asset_key(node),
            )
        )
    return nodes


def model_id(name: str) -> str:
    return f"model.{PROJECT}.{name}"


def load_manifest(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def compiled_sql(node: dict[str, Any], target_root: Path = DBT_PROJECT_DIR / "target") -> str | None:
    """The node's compiled SQL: the manifest's compiled_code when present, else the newest compiled file
    of any dbt build under target/ (dagster-dbt gives each build its own folder)."""
    if node.get("compiled_code"):
        return node["compiled_code"]
    relative = Path("compiled") / PROJECT / node["original_file_path"]
    candidates = [p for p in target_root.glob(f"*/{relative}") if p.is_file()]
    candidates += [p for p in target_root.glob(f"*/*/{relative}") if p.is_file()]
    if not candidates:
        return None
    return max(candidates, key=lambda p: p.stat().st_mtime).read_text(encoding="utf-8")


@dataclass
class ColumnLineage:
    columns: dict[str, set[str]]  # relation -> its columns feeding the figure's columns
    stopped: dict[str, str]  # relation -> why lineage stops there


def column_lineage(
    manifest: dict[str, Any], unique_id: str, columns: list[str], schema: dict[str, Any] | None = None
) -> ColumnLineage:
    """The upstream columns the given columns of a model are computed from, model by model. `schema` (the
    warehouse's relations and columns) lets sqlglot resolve columns a query does not qualify."""
    from sqlglot import exp
    from sqlglot.lineage import lineage

    by_relation = {relation(_node(manifest, uid)): uid for uid in [*manifest["nodes"], *manifest["sources"]]}
    found = ColumnLineage({}, {})
    todo = [(unique_id, column) for column in columns]
    done: set[tuple[str, str]] = set()
    while todo and sum(len(c) for c in found.columns.values()) < MAX_COLUMNS:
        uid, column = todo.pop(0)
        if (uid, column) in done:
            continue
        done.add((uid, column))
        node = _node(manifest, uid)
        rel = relation(node)
        found.columns.setdefault(rel, set()).add(column)
        if node["resource_type"] != "model":
            continue  # a seed or source: where the lineage begins
        sql = compiled_sql(node)
        if sql is None:
            found.stopped[rel] = "not compiled yet (no dbt build output under dbt_project/target)"
            continue
        try:
            with _sqlglot_warnings() as warned:
                root = lineage(column, sql, schema or None, dialect="duckdb")
        except Exception as exc:  # noqa: BLE001 (sqlglot raises many kinds; the trace goes on without it)
            found.stopped[rel] = f"sqlglot cannot follow {column}: {type(exc).__name__}"
            continue
        if warned:  # e.g. "Cannot traverse scope UNPIVOT ...": the branch behind it is not followed
            what = warned[0].split(" with ")[0][:60]
            found.stopped[rel] = f"sqlglot does not follow every branch of {column}: {what}"
        for leaf, leaf_column in _leaves(root):
            table = leaf.expression
            if not isinstance(table, exp.Table):
                continue
            parent = by_relation.get(f"{table.db}.{table.name}")
            if parent is not None and leaf_column != "*":
                todo.append((parent, leaf_column))
    return found


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _sqlglot_warnings() -> Iterator[list[str]]:
    """sqlglot logs what it cannot traverse (a warning on stderr); collect it to say where lineage stops."""
    logger = logging.getLogger("sqlglot")
    handler, propagate = _Collect(), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _leaves(root: Any) -> list[tuple[Any, str]]:
    """(table node, column) for every leaf: a leaf reached through `select *` is named '*', so its column
    is the one its child node selects (the last name that is not a star)."""
    out = []
    stack = [(root, root.name.split(".")[-1])]
    while stack:
        node, column = stack.pop()
        name = node.name.split(".")[-1]
        column = column if name == "*" else name
        if not node.downstream:
            out.append((node, column))
        stack.extend((child, column) for child in node.downstream)
    return out
