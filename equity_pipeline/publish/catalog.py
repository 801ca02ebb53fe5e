"""The published tables, read from the dbt manifest: the contract with readers (shared/spec/published.md).

A mart is published when its yml carries `config: meta: publish: true`; its enforced contract's
columns, in order, are what readers get, and the gate (equity_pipeline/quality/gate.py) compares
every mart with them exactly, so no unlisted column (one that could hold personal data) can reach
a reader. The gate's parameters are read from the same yml: not_null constraints, the
unique_combination, accepted_values and relationships tests, each column's `meta: {min, max}`, the
model's `meta: gate` and the gate models (models/marts/gates) built on the mart.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT = "equity_pipeline"

# Column names that suggest personal data; no published column may match.
PERSONAL_COLUMN = re.compile(
    r"(first_name|last_name|_name$|birth|description|narrative|employee_id|member_id|attendee_id)"
)
# Names that match the pattern but are not about a person.
# group_name: a demographic group of board_representation ("Asian", "Female"), never a person.
NOT_PERSONAL = {"series_name", "measure_name", "file_name", "column_name", "board_name", "language_name", "group_name"}


@dataclass(frozen=True)
class Vocabulary:
    """A column's allowed values: listed in its dbt test, or the `field` of a seed (`relation`)."""

    values: tuple[Any, ...] | None = None
    relation: str | None = None
    field: str | None = None


@dataclass(frozen=True)
class Column:
    name: str
    data_type: str
    description: str
    not_null: bool = False
    min: float | None = None
    max: float | None = None
    department_total: bool = False
    vocabulary: Vocabulary | None = None
    # what the figure counts (publish/units.py), and whether it can be blank by small-cell suppression
    # or holds an estimate: declared once in the yml's column meta, shown in the README and the catalog
    unit: str | None = None
    suppressed: bool = False
    estimated: bool = False


@dataclass(frozen=True)
class GateModel:
    """A model in models/marts/gates whose rows for a mart (table_name) must have each pair equal."""

    name: str
    relation: str
    equal: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class PublishedTable:
    name: str
    relation: str
    description: str
    grain: str
    summary: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    conditions: tuple[dict[str, Any], ...] = ()
    ceilings: dict[str, Any] | None = None
    gate_models: tuple[GateModel, ...] = field(default=())

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def default_manifest_path() -> Path:
    """The manifest this process's Definitions load (dbt_runtime.loaded_manifest_path)."""
    from equity_pipeline.dbt_runtime import loaded_manifest_path

    return loaded_manifest_path()


def relation(node: dict[str, Any]) -> str:
    """schema.name of a model or seed (its alias) or of a source table (its identifier)."""
    return f"{node['schema']}.{node.get('alias') or node['identifier']}"


def _tests_on(manifest: dict[str, Any], unique_id: str) -> list[dict[str, Any]]:
    return [
        n
        for n in manifest["nodes"].values()
        if n["resource_type"] == "test" and n.get("attached_node") == unique_id and n.get("test_metadata")
    ]


def _vocabulary(manifest: dict[str, Any], test: dict[str, Any]) -> Vocabulary | None:
    meta = test["test_metadata"]
    kwargs = meta.get("kwargs", {})
    if meta["name"] == "accepted_values":
        return Vocabulary(values=tuple(kwargs["values"]))
    if meta["name"] == "relationships":
        # the vocabulary's home: a seed or model (manifest nodes) or a source table (reference.languages)
        parents = [
            manifest["nodes"].get(p) or manifest["sources"][p]
            for p in test["depends_on"]["nodes"]
            if p != test["attached_node"]
        ]
        return Vocabulary(relation=relation(parents[0]), field=kwargs["field"])
    return None


def _columns(manifest: dict[str, Any], node: dict[str, Any], tests: list[dict[str, Any]]) -> tuple[Column, ...]:
    vocabularies = {t.get("column_name"): _vocabulary(manifest, t) for t in tests if t.get("column_name")}
    columns = []
    for c in node["columns"].values():
        meta = c.get("meta", {})
        columns.append(
            Column(
                name=c["name"],
                data_type=c["data_type"],
                description=(c.get("description") or "").strip(),
                not_null=any(k["type"] == "not_null" for k in c.get("constraints", [])),
                min=meta.get("min"),
                max=meta.get("max"),
                department_total=bool(meta.get("department_total")),
                vocabulary=vocabularies.get(c["name"]),
                unit=meta.get("unit"),
                suppressed=bool(meta.get("suppressed")),
                estimated=bool(meta.get("estimated")),
            )
        )
    return tuple(columns)


def _gate_models(manifest: dict[str, Any], unique_id: str) -> tuple[GateModel, ...]:
    return tuple(
        GateModel(n["name"], relation(n), tuple(tuple(pair) for pair in n["config"]["meta"]["gate"]["equal"]))
        for n in sorted(
            (n for n in manifest["nodes"].values() if n["resource_type"] == "model"), key=lambda n: n["name"]
        )
        if "equal" in n["config"].get("meta", {}).get("gate", {}) and unique_id in n["depends_on"]["nodes"]
    )


def tables_from_manifest(manifest: dict[str, Any]) -> tuple[PublishedTable, ...]:
    """Every model with `meta: publish: true`, by its path in the project (the manifest's order is the parser's)."""
    models = [
        (i, n) for i, n in manifest["nodes"].items() if n["resource_type"] == "model" and n["package_name"] == PROJECT
    ]
    tables = []
    for unique_id, node in sorted(models, key=lambda item: item[1]["original_file_path"]):
        meta = node["config"].get("meta", {})
        if meta.get("publish") is not True:
            continue
        tests = _tests_on(manifest, unique_id)
        keys = [t["test_metadata"]["kwargs"]["combination"] for t in tests
                if t["test_metadata"]["name"] == "unique_combination"]  # fmt: skip
        gate = meta.get("gate", {})
        tables.append(
            PublishedTable(
                name=node["name"],
                relation=relation(node),
                description=" ".join(node["description"].split()),
                grain=meta.get("grain", ""),
                summary=" ".join(meta.get("summary", "").split()),
                columns=_columns(manifest, node, tests),
                key=tuple(keys[0]) if keys else (),
                conditions=tuple(gate.get("conditions", ())),
                ceilings=gate.get("ceilings"),
                gate_models=_gate_models(manifest, unique_id),
            )
        )
    return tuple(tables)


@functools.cache
def _cached(path: Path, mtime_ns: int) -> tuple[PublishedTable, ...]:
    return tables_from_manifest(json.loads(path.read_text(encoding="utf-8")))


def published_tables(manifest_path: Path | None = None) -> tuple[PublishedTable, ...]:
    """The published tables declared in the dbt project (re-read when the manifest changes)."""
    path = manifest_path or default_manifest_path()
    return _cached(path, path.stat().st_mtime_ns)


def published_table(name: str, manifest_path: Path | None = None) -> PublishedTable:
    by_name = {t.name: t for t in published_tables(manifest_path)}
    if name not in by_name:
        raise KeyError(f"{name} is not a published table (no `meta: publish: true` in the dbt project)")
    return by_name[name]


def personal_looking_columns(tables: tuple[PublishedTable, ...]) -> list[str]:
    """Published columns whose names look personal (the gate fails on any)."""
    return [
        f"{t.name}.{c}" for t in tables for c in t.column_names if PERSONAL_COLUMN.search(c) and c not in NOT_PERSONAL
    ]
