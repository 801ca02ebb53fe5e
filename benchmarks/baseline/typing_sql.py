"""SQL typing one trimmed raw text column as its contract type, and the keyed hash of an id.

Only rows the run found valid are landed (its quarantined lines are excluded), so these
expressions parse; they need not detect a bad value, only give a good one the value and type
the loader lands (landed.<source>'s column types).
"""

from __future__ import annotations

import hashlib

from equity_pipeline.contracts import Column
from equity_pipeline.ingest.sql_text import SPACE_CHARS
from equity_pipeline.ingest.validate import FALSE_WORDS as LOADER_FALSE_WORDS
from equity_pipeline.ingest.validate import SQL_TYPES
from equity_pipeline.ingest.validate import TRUE_WORDS as LOADER_TRUE_WORDS

# The contract's vocabulary of column types and flag words is the loader's (one home for each fact);
# how a value is parsed into them is written here by hand.
LANDED_TYPES = SQL_TYPES
TRUE_WORDS = ", ".join(f"'{w}'" for w in LOADER_TRUE_WORDS)
FALSE_WORDS = ", ".join(f"'{w}'" for w in LOADER_FALSE_WORDS)


def _lit(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _canonical(expr: str, values: tuple[str, ...]) -> str:
    """The contract's spelling of a value matched case-insensitively."""
    return f"(case lower({expr}) " + " ".join(f"when {_lit(v.lower())} then {_lit(v)}" for v in values) + " end)"


def _value(column: Column, raw: str) -> str:
    kind = column.type
    if kind == "string":
        return raw
    if kind == "date":
        return f"coalesce(try_strptime({raw}, '%Y-%m-%d'), try_strptime({raw}, '%m/%d/%Y'))::date"
    if kind == "timestamp":
        # Naive text is local time: the connection's TimeZone is EQUITY_TIMEZONE, as the loader's.
        return (
            f"(case when contains({raw}, '/') then coalesce(try_strptime({raw}, '%m/%d/%Y %H:%M')::timestamptz, "
            f"try_strptime({raw}, '%m/%d/%Y %H:%M:%S')::timestamptz) else try_cast({raw} as timestamptz) end)"
        )
    if kind == "flag":
        return (
            f"(case when lower({raw}) in ({TRUE_WORDS}) then true when lower({raw}) in ({FALSE_WORDS}) then false end)"
        )
    if kind == "flag_or_declined":
        return (
            f"(case when lower({raw}) in ({TRUE_WORDS}) then 'Yes' when lower({raw}) in ({FALSE_WORDS}) then 'No' "
            f"when lower({raw}) = 'declined to state' then 'Declined to State' end)"
        )
    if kind == "integer":
        return f"{raw}::bigint"
    if kind == "decimal":
        # exact first, then rounded to the stored 6 places (as the loader's insert does)
        return f"{raw}::decimal(38, 18)"
    if kind == "money":
        # $1,234.50 -> 1234.50; an .xlsx number (text of a double) rounded to cents, half away from zero
        return f"round(replace(replace({raw}, '$', ''), ',', '')::decimal(38, 18), 2)"
    if kind == "enum":
        return _canonical(raw, column.allowed)
    if kind == "enum_list":
        values = column.allowed + column.exclusive
        trimmed = (
            f"list_transform(string_split({raw}, {_lit(column.separator)}), lambda x: trim(x, {_lit(SPACE_CHARS)}))"
        )
        parts = f"list_filter({trimmed}, lambda x: x <> '')"
        # rank-prefixed, so sorting gives the contract's order; then the prefix is cut
        ranked = (
            "(case "
            + _canonical("x", values)
            + " "
            + " ".join(f"when {_lit(v)} then {_lit(f'{i:02d}{v}')}" for i, v in enumerate(values))
            + " end)"
        )
        return (
            f"nullif(array_to_string(list_transform(list_sort(list_distinct(list_transform({parts}, "
            f"lambda x: {ranked}))), lambda y: substr(y, 3)), '; '), '')"
        )
    if kind == "language":
        return f"(select l.code from _language_lookup as l where l.lookup = lower({raw}))"
    raise ValueError(kind)


def typed_sql(column: Column, raw_name: str) -> str:
    """The landed value of `column` from the text column `raw_name`, in its landed type."""
    raw = 'raw."' + raw_name + '"'
    return f"{_value(column, raw)}::{LANDED_TYPES[column.type]}"


def key_sql(name: str, key: str) -> str:
    """HMAC-SHA256 of the id under `key` (RFC 2104, in SQL), the landed `<name>_key`; NULL stays NULL."""
    key_bytes = key.encode("utf-8")
    if len(key_bytes) > 64:
        key_bytes = hashlib.sha256(key_bytes).digest()
    block = key_bytes.ljust(64, b"\0")
    inner = bytes(b ^ 0x36 for b in block).hex()
    outer = bytes(b ^ 0x5C for b in block).hex()
    value = f'raw."{name}__raw"'
    return (
        f"case when {value} is not null then "
        f"sha256(unhex('{outer}') || unhex(sha256(unhex('{inner}') || encode({value})))) end"
    )
