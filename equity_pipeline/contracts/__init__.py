"""Declared contracts for the departments' raw exports.

Each ``<source>.yml`` beside this file declares one source: its columns, types,
required and conditional rules, allowed values, whether it is a snapshot or a
log, and the file formats it may arrive in. The one generic loader in
``equity_pipeline.ingest`` reads these declarations; adding a source is adding a
file here plus a dbt staging folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

CONTRACT_DIR = Path(__file__).parent

COLUMN_TYPES = {
    "string",
    "date",
    "timestamp",
    "flag",
    "flag_or_declined",
    "integer",
    "decimal",
    "money",
    "enum",
    "enum_list",
    "language",
}
SOURCE_KINDS = {"snapshot", "log"}
FILE_FORMATS = {"csv", "xlsx"}
# How often a source delivers an export, as calendar months between as-of dates (quality/freshness.py).
CADENCE_MONTHS = {"monthly": 1, "quarterly": 3, "annual": 12}


class ContractError(ValueError):
    """A contract file is malformed (a programming error, not a data error)."""


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    required: bool = False
    required_when: str | None = None
    check: str | None = None
    reason: str | None = None
    allowed: tuple[str, ...] = ()
    exclusive: tuple[str, ...] = ()
    separator: str = ";"
    pii: bool = False
    pseudonymise: bool = False
    allow_negative: bool = False
    # Dates and timestamps: how many days after the export's as-of date a value may lie,
    # where the future is expected (a term's end); None = EQUITY_FUTURE_DAYS.
    future_days: int | None = None

    @property
    def key_column(self) -> str:
        """Name of the keyed-hash column that replaces this id downstream of landing."""
        return f"{self.name}_key"


@dataclass(frozen=True)
class Contract:
    source: str
    kind: str
    entity: str
    key: tuple[str, ...]
    formats: tuple[str, ...]
    columns: tuple[Column, ...]
    description: str = ""
    key_unique_in_file: bool = True
    # Expected delivery: one export per cadence period, due grace_days after the period's as-of date.
    cadence: str = "monthly"
    grace_days: int = 0
    language_aliases: dict[str, str] = field(default_factory=dict)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required_columns(self) -> list[str]:
        """Columns whose header must be present: the spec's `req = yes`.

        A conditionally required column may be absent from the header; then each row
        whose condition holds is quarantined for the missing value.
        """
        return [c.name for c in self.columns if c.required]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


def _parse_column(source: str, raw: dict) -> Column:
    unknown = set(raw) - set(Column.__dataclass_fields__)
    if unknown:
        raise ContractError(f"{source}.{raw.get('name')}: unknown keys {sorted(unknown)}")
    if raw.get("type") not in COLUMN_TYPES:
        raise ContractError(f"{source}.{raw.get('name')}: type {raw.get('type')!r} not in {COLUMN_TYPES}")
    if raw["type"] in {"enum", "enum_list"} and not raw.get("allowed"):
        raise ContractError(f"{source}.{raw['name']}: {raw['type']} needs allowed values")
    if "future_days" in raw and (
        raw["type"] not in {"date", "timestamp"} or not isinstance(raw["future_days"], int) or raw["future_days"] < 0
    ):
        raise ContractError(f"{source}.{raw['name']}: future_days must be a whole number >= 0, on a date or timestamp")
    if raw.get("check") and not raw.get("reason"):
        raise ContractError(f"{source}.{raw['name']}: a check needs a reason")
    values = dict(raw)
    for key in ("allowed", "exclusive"):
        values[key] = tuple(str(v) for v in values.get(key, ()))
    return Column(**values)


def _parse_delivery(source: str, data: dict) -> tuple[str, int]:
    """The declared cadence and grace_days. Both are required: a source without them could never be late."""
    for name in ("cadence", "grace_days"):
        if name not in data:
            raise ContractError(
                f"{source}: {name} is missing (every source declares its delivery: cadence and grace_days)"
            )
    cadence, grace_days = data["cadence"], data["grace_days"]
    if cadence not in CADENCE_MONTHS:
        raise ContractError(f"{source}: cadence {cadence!r} must be one of {sorted(CADENCE_MONTHS)}")
    # bool is an int in Python: `grace_days: yes` is a typo, not one day
    if not isinstance(grace_days, int) or isinstance(grace_days, bool) or grace_days < 0:
        raise ContractError(f"{source}: grace_days must be a whole number of days >= 0, not {grace_days!r}")
    return cadence, grace_days


def parse_contract(data: dict) -> Contract:
    """Build a Contract from a parsed YAML mapping, validating its shape."""
    source = data["source"]
    if data.get("kind") not in SOURCE_KINDS:
        raise ContractError(f"{source}: kind must be one of {SOURCE_KINDS}")
    formats = tuple(data.get("formats", ["csv"]))
    if not set(formats) <= FILE_FORMATS:
        raise ContractError(f"{source}: formats must be within {FILE_FORMATS}")
    columns = tuple(_parse_column(source, c) for c in data["columns"])
    names = [c.name for c in columns]
    if len(names) != len(set(names)):
        raise ContractError(f"{source}: duplicate column names")
    key = tuple(data["key"])
    if not set(key) <= set(names):
        raise ContractError(f"{source}: key {key} not among the columns")
    cadence, grace_days = _parse_delivery(source, data)
    return Contract(
        source=source,
        kind=data["kind"],
        entity=data["entity"],
        key=key,
        formats=formats,
        columns=columns,
        description=data.get("description", ""),
        key_unique_in_file=bool(data.get("key_unique_in_file", True)),
        cadence=cadence,
        grace_days=grace_days,
        language_aliases={str(k).lower(): str(v) for k, v in data.get("language_aliases", {}).items()},
    )


def load_contract(path: Path) -> Contract:
    with path.open(encoding="utf-8") as fh:
        contract = parse_contract(yaml.safe_load(fh))
    if contract.source != path.stem:
        raise ContractError(f"{path.name}: source {contract.source!r} must match the file name")
    return contract


@cache
def all_contracts() -> dict[str, Contract]:
    """Every declared source, keyed by source name, in a stable order."""
    return {p.stem: load_contract(p) for p in sorted(CONTRACT_DIR.glob("*.yml"))}
