"""What the user asked to trace: a published table and the full key of one of its rows.

Every mistake here is a TraceInputError, which the command prints as one line (exit 2): the user can
fix it by retyping, and a traceback would only hide the one thing they need (the valid names).
"""

from __future__ import annotations

from dataclasses import dataclass

from equity_pipeline.publish.catalog import PublishedTable

# data_quality_issues declares no unique_combination (its grain is "source file x reason", and a
# row-level reason also names its column): these columns pick one of its rows.
GRAIN_KEYS: dict[str, tuple[str, ...]] = {"data_quality_issues": ("file_name", "reason", "column_name")}


class TraceInputError(ValueError):
    """Bad input to `make trace`: said in one line on stderr, exit status 2."""


@dataclass(frozen=True)
class Request:
    table: PublishedTable
    key: dict[str, str]  # key column -> value as typed ("" for an empty value, which matches null)

    @property
    def key_text(self) -> str:
        return ", ".join(f"{name}={value}" for name, value in self.key.items())


def key_columns(table: PublishedTable) -> tuple[str, ...]:
    return table.key or GRAIN_KEYS.get(table.name, ())


def parse_key(text: str) -> dict[str, str]:
    """`a=1,b=x` -> {"a": "1", "b": "x"}. A part without "=" continues the previous value, so a value may
    hold a comma (a reason such as "required, not given") without any quoting."""
    pairs: dict[str, str] = {}
    last: str | None = None
    for part in text.split(","):
        if "=" in part:
            name, value = part.split("=", 1)
            name = name.strip()
            if not name:
                raise TraceInputError(f"malformed KEY {text!r}: a column name is empty (expected col=value,col=value)")
            if name in pairs:
                raise TraceInputError(f"malformed KEY {text!r}: {name} is given twice")
            pairs[name] = value.strip()
            last = name
        elif last is not None:
            pairs[last] = f"{pairs[last]},{part}".strip()
        else:
            raise TraceInputError(f"malformed KEY {text!r}: expected col=value,col=value")
    return pairs


def resolve(table_name: str, key_text: str, tables: tuple[PublishedTable, ...]) -> Request:
    by_name = {t.name: t for t in tables}
    if table_name not in by_name:
        raise TraceInputError(f"unknown table {table_name!r}; the published tables are: {', '.join(sorted(by_name))}")
    table = by_name[table_name]
    expected = key_columns(table)
    given = parse_key(key_text)
    missing = [c for c in expected if c not in given]
    extra = [c for c in given if c not in expected]
    if missing or extra:
        said = "; ".join(
            part
            for part in (
                f"missing {', '.join(missing)}" if missing else "",
                f"not key columns: {', '.join(extra)}" if extra else "",
            )
            if part
        )
        raise TraceInputError(f"{table_name}'s key columns are {', '.join(expected)} ({said})")
    return Request(table, {c: given[c] for c in expected})
