"""The one definition of "blank around a value": what trimming removes, in SQL and in Python.

HR systems and Excel pad cells with tabs and no-break spaces as often as with spaces, so a
value is trimmed of every Unicode space (category Zs), the ASCII controls that act as spaces
(tab, line and form feeds, carriage return), and the invisible U+200B/U+FEFF that copied text
and concatenated files leave behind. Header cells and values use the same set.
"""

from __future__ import annotations

# \t \n \v \f \r, space, U+0085 NEL, U+00A0 NBSP, U+1680, U+2000-U+200A, U+200B, U+2028,
# U+2029, U+202F narrow NBSP, U+205F, U+3000 ideographic space, U+FEFF BOM / zero-width NBSP.
SPACE_CHARS = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200C))
    + "\u2028\u2029\u202f\u205f\u3000\ufeff"
)


def _sql_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


SPACE_CHARS_SQL = _sql_literal(SPACE_CHARS)
_SPACE_CLASS = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in SPACE_CHARS) + "]"
_PADDED_SQL = _sql_literal(f"^{_SPACE_CLASS}|{_SPACE_CLASS}$")


def trim_sql(expr: str) -> str:
    """SQL trimming `expr` of SPACE_CHARS at both ends (DuckDB's trim takes a character set).

    trim() with a 30-character set is ten times slower than a plain trim, so it runs only on
    values that start or end with one of them (an anchored regular expression, cheaper still).
    """
    return f"(case when regexp_matches({expr}, {_PADDED_SQL}) then trim({expr}, {SPACE_CHARS_SQL}) else {expr} end)"


def trim_set_sql(expr: str) -> str:
    """The same trimming without the guard, for a lambda over a few values: a regular
    expression inside a lambda is costly to set up there, the set trim is not."""
    return f"trim({expr}, {SPACE_CHARS_SQL})"


def trimmed_fields_sql(expr: str) -> str:
    """SQL trimming every field of the list `expr`: one expression for all of a record's fields
    (the parsers apply it once, so every later use of a field sees it trimmed)."""
    return f"list_transform({expr}, lambda f: {trim_sql('f')})"


def trim_text(value: str) -> str:
    """The same trimming in Python, for the few values handled outside SQL."""
    return value.strip(SPACE_CHARS)
