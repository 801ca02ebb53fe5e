"""The figure as published, and the publication_log row of the publication that holds it.

Read from published.duckdb (the fixed link to the current publication, publish/layout.py), read-only:
a publication is never written after its pointer moves, so no lock is needed to read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from equity_pipeline.sql import q
from equity_pipeline.trace.request import Request, TraceInputError

PUBLICATION_COLUMNS = ("publish_id", "published_at", "code_version", "run_id", "checks_passed", "checks_warned")


@dataclass(frozen=True)
class Figure:
    row: dict[str, Any]  # every column of the published row, publish_id first
    publication: dict[str, Any]  # PUBLICATION_COLUMNS of its publication_log row (empty if missing)

    @property
    def publish_id(self) -> str:
        return str(self.row["publish_id"])

    @property
    def run_id(self) -> str | None:
        return self.publication.get("run_id")


def match_clause(key: dict[str, str], alias: str = "") -> tuple[str, list[str]]:
    """A WHERE clause matching the key as typed: each column compared as text (so 2023, 2023-07-01 and
    attendance need no quoting or typing), an empty value matching null (column_name of a whole file)."""
    parts, params = [], []
    prefix = f"{alias}." if alias else ""
    for column, value in key.items():
        if value == "":
            parts.append(f"{prefix}{q(column)} is null")
        else:
            parts.append(f"cast({prefix}{q(column)} as varchar) = ?")
            params.append(value)
    return " and ".join(parts), params


def read_figure(published: Path, request: Request) -> Figure:
    if not published.exists():
        raise TraceInputError(f"nothing is published yet ({published} does not exist): run `make run` first")
    where, params = match_clause(request.key)
    with duckdb.connect(str(published), read_only=True) as con:
        cursor = con.execute(f"select * from {q(request.table.name)} where {where}", params)
        names = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
        if not rows:
            raise TraceInputError(f"{request.table.name} has no row {request.key_text}")
        if len(rows) > 1:  # only a grain key (GRAIN_KEYS) could match twice
            raise TraceInputError(f"{request.table.name} has {len(rows)} rows {request.key_text}; a key picks one")
        row = dict(zip(names, rows[0], strict=True))
        log = con.execute(
            f"select {', '.join(PUBLICATION_COLUMNS)} from publication_log where publish_id = ?", [row["publish_id"]]
        ).fetchall()
    publication = dict(zip(PUBLICATION_COLUMNS, log[0], strict=True)) if log else {}
    return Figure(row, publication)
