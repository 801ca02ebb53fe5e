"""Generate the set-based SQL that types and validates raw records against a contract.

Input: `_raw_records` (see records.py: one row per record, plus one per continuation line
of a multi-line record) and a header mapping (contract column -> 1-based field position). Output: `_typed` (one row per
record: typed contract columns and their raw text) and `_problems` (one row per
broken rule: line, column, reason), from which the loader lands the clean rows
and quarantines the rest.

Reasons never quote a cell's value: they are published in `data_quality_issues`,
and a value may be personal data. The raw record stays in `audit.quarantine`.
"""

from __future__ import annotations

import datetime as dt

from equity_pipeline.contracts import Column, Contract
from equity_pipeline.ingest.dates import DateBounds, date_problems, date_typed_sql
from equity_pipeline.ingest.sql_text import trim_set_sql
from equity_pipeline.sql import lit, q

SQL_TYPES = {
    "string": "varchar",
    "date": "date",
    "timestamp": "timestamptz",
    "flag": "boolean",
    "flag_or_declined": "varchar",
    "integer": "bigint",
    "decimal": "decimal(18, 6)",
    "money": "decimal(14, 2)",
    "enum": "varchar",
    "enum_list": "varchar",
    "language": "varchar",
}
# Rules compare the exact value: decimals are typed with 18 places for the checks, then stored
# at 6 (and a check must hold on the stored value too, see build_typed_sql).
RULE_TYPES = {**SQL_TYPES, "decimal": "decimal(38, 18)"}
# At most 12 integer digits (what decimal(18, 6) stores) and 18 significant decimals.
DECIMAL_RE = "[+-]?([0-9]{1,12}[.]?[0-9]{0,18}|[.][0-9]{1,18})0*"

TRUE_WORDS = ("y", "yes", "true", "1")
FALSE_WORDS = ("n", "no", "false", "0")
DECLINED = "Declined to State"

TYPE_REASONS = {
    "flag": "not a flag (expected Y/N, Yes/No, TRUE/FALSE or 1/0)",
    "flag_or_declined": "not a flag or Declined to State",
    "integer": "not a whole number",
    "decimal": "not a decimal number",
    "money": "not an amount of money (e.g. 1234.50 or $1,234.50)",
    "language": "not a language in ISO 639-3 (code or English name)",
}


def _in_list(values: tuple[str, ...] | list[str]) -> str:
    return ", ".join(lit(v) for v in values)


def _canonical_case(expr: str, values: tuple[str, ...]) -> str:
    """Map a raw value to its canonical spelling, matched case-insensitively."""
    whens = " ".join(f"when {lit(v.lower())} then {lit(v)}" for v in values)
    return f"(case lower({expr}) {whens} end)"


def typed_expression(column: Column, raw: str) -> str:
    """SQL that turns the trimmed raw text `raw` into the column's typed value (NULL if unparseable)."""
    kind = column.type
    if kind == "string":
        return raw
    if kind in ("date", "timestamp"):
        return date_typed_sql(kind, raw)
    if kind == "flag":
        return (
            f"(case when lower({raw}) in ({_in_list(TRUE_WORDS)}) then true "
            f"when lower({raw}) in ({_in_list(FALSE_WORDS)}) then false end)"
        )
    if kind == "flag_or_declined":
        return (
            f"(case when lower({raw}) in ({_in_list(TRUE_WORDS)}) then 'Yes' "
            f"when lower({raw}) in ({_in_list(FALSE_WORDS)}) then 'No' "
            f"when lower({raw}) = {lit(DECLINED.lower())} then {lit(DECLINED)} end)"
        )
    if kind == "integer":
        return f"(case when regexp_full_match({raw}, '[+-]?[0-9]+') then try_cast({raw} as bigint) end)"
    if kind == "decimal":
        return f"(case when regexp_full_match({raw}, '{DECIMAL_RE}') then try_cast({raw} as decimal(38, 18)) end)"
    if kind == "money":
        # A number cell of an .xlsx holds a binary double (1234.505 is 1234.5049999999999):
        # it is rounded to cents, half away from zero, as Excel shows it; text is exact.
        numeric = q(f"{column.name}__numeric")
        return (
            f"try_cast((case when {numeric} then round(try_cast({raw} as decimal(38, 18)), 2) "
            f"when regexp_full_match({raw}, '-?[$]?-?([0-9]{{1,3}}(,[0-9]{{3}})+|[0-9]+)([.][0-9]{{1,2}})?') "
            f"then try_cast(replace(replace({raw}, '$', ''), ',', '') as decimal(14, 2)) end) as decimal(14, 2))"
        )
    if kind == "enum":
        return _canonical_case(raw, column.allowed)
    if kind == "enum_list":
        values = column.allowed + column.exclusive
        # Each part trimmed once (typed per distinct value of the file, so few of them).
        split = f"list_transform(string_split({raw}, {lit(column.separator)}), lambda x: {trim_set_sql('x')})"
        parts = f"list_filter({split}, lambda x: x <> '')"
        canonical = _canonical_case("x", values)
        # Prefix each value with its rank so sorting gives the contract's order.
        ranked = " ".join(f"when {lit(v)} then {lit(f'{i:02d}{v}')}" for i, v in enumerate(values))
        return (
            f"(case when list_bool_and(list_transform({parts}, lambda x: {canonical} is not null)) "
            f"then nullif(array_to_string(list_transform(list_sort(list_distinct(list_transform("
            f"{parts}, lambda x: (case {canonical} {ranked} end)))), lambda y: substr(y, 3)), '; '), '') end)"
        )
    if kind == "language":
        return f"(select l.code from _language_lookup as l where l.lookup = lower({raw}))"
    raise ValueError(kind)


def column_problems(column: Column, bounds: DateBounds) -> list[tuple[str, str]]:
    """(condition, reason as SQL) pairs, each condition true when the row breaks a rule of the column.

    Conditions reference `<col>__raw` (trimmed text, NULL when blank) and `<col>` (typed).
    """
    raw, typed = q(f"{column.name}__raw"), q(column.name)
    fixed: list[tuple[str, str]] = []
    if column.required:
        fixed.append((f"{raw} is null", "required value is blank"))
    if column.required_when:
        fixed.append(
            (f"{raw} is null and coalesce({column.required_when}, false)", f"required when {column.required_when}")
        )
    if column.type in TYPE_REASONS:
        fixed.append((f"{raw} is not null and {typed} is null", TYPE_REASONS[column.type]))
    elif column.type == "enum":
        fixed.append((f"{raw} is not null and {typed} is null", f"not one of: {', '.join(column.allowed)}"))
    elif column.type == "enum_list":
        allowed = ", ".join(column.allowed)
        exclusive = " or ".join(column.exclusive)
        fixed.append(
            (
                f"{raw} is not null and {typed} is null",
                f"not a '{column.separator}'-separated list of: {allowed}; or {exclusive}",
            )
        )
        for value in column.exclusive:
            fixed.append(
                (
                    f"{typed} like {lit('%' + value + '%')} and {typed} <> {lit(value)}",
                    f"{value} cannot be combined with other values",
                )
            )
    if column.type == "money" and not column.allow_negative:
        fixed.append((f"{typed} < 0", "negative amount not allowed"))
    if column.check:
        fixed.append((f"{typed} is not null and not coalesce({column.check}, true)", column.reason or ""))
    problems = [(condition, lit(reason)) for condition, reason in fixed]
    if column.type in ("date", "timestamp"):
        problems.append(date_problems(column, raw, typed, bounds))
    return problems


# Types whose per-value expression is costly (list lambdas, lookups): typed once per
# distinct value of the file and joined back, since a file holds few distinct values.
PER_DISTINCT_VALUE = {"enum_list", "language"}


def _structure_problems(header_width: int) -> list[tuple[str, str | None, str]]:
    """Whole-row problems: the record's quoting (reason set by records.py) and its field count."""
    spans = "' (the record spans lines ' || line || '-' || last_line || ', each line counted as an invalid row)'"
    return [
        ("record_problem is not null", None, "record_problem"),
        (
            f"record_problem is null and part_of is null and len(fields) <> {header_width}",
            None,
            f"'expected {header_width} fields, found ' || len(fields) || (case when last_line > line then {spans} "
            "else '' end)",
        ),
    ]


def build_typed_sql(
    contract: Contract, positions: dict[str, int], header_width: int, as_of: dt.date, bounds: DateBounds
) -> str:
    """SQL creating `_typed` (typed rows) and `_problems(line, column_name, reason)` from `_raw_records`.

    A row of `_typed` is a record, or a continuation line of a broken multi-line record: a
    quote that ran on swallowed those lines, so each counts as an invalid row toward the
    threshold (a sound multi-line record is one row). Column rules apply to sound records only.
    """
    raw_cols = []
    for column in contract.columns:
        pos = positions.get(column.name)
        expr = f"nullif(fields[{pos}], '')" if pos else "null::varchar"
        raw_cols.append(f"{expr} as {q(column.name + '__raw')}")
        if column.type == "money":
            raw_cols.append(f"{f'numeric_cells[{pos}]' if pos else 'null::boolean'} as {q(column.name + '__numeric')}")
    lookups, joins, typed_cols = [], [], []
    for c in contract.columns:
        raw = q(c.name + "__raw")
        if c.type in PER_DISTINCT_VALUE:
            cte = q(f"distinct__{c.name}")
            lookups.append(
                f"{cte} as (select {raw} as raw_value, {typed_expression(c, raw)} as typed_value "
                f"from (select distinct {raw} from raw))"
            )
            joins.append(f"left join {cte} on raw.{raw} is not distinct from {cte}.raw_value")
            typed_cols.append(f"{cte}.typed_value::{RULE_TYPES[c.type]} as {q(c.name)}")
        else:
            typed_cols.append(f"{typed_expression(c, raw)}::{RULE_TYPES[c.type]} as {q(c.name)}")
    # (rows, condition, column name or None for a whole-row problem, reason as an SQL expression)
    problems: list[tuple[str, str, str | None, str]] = [
        ("_typed", condition, column_name, reason)
        for condition, column_name, reason in _structure_problems(header_width)
    ]
    for column in contract.columns:
        for condition, reason in column_problems(column, bounds):
            problems.append(("_typed", f"_sound and {condition}", column.name, reason))
            if column.type == "decimal" and column.check and condition.startswith(f"{q(column.name)} is not null"):
                # The check holds on the exact value; it must hold on the stored value too
                # (0.0000001 is > 0, but stored at 6 decimals it is 0).
                stored = (
                    f"(select * replace ({q(column.name)}::{SQL_TYPES['decimal']} as {q(column.name)}) from _typed)"
                )
                problems.append((stored, f"_sound and {condition}", column.name, reason))
    if contract.key_unique_in_file:
        # A group-by, not a window: partitioning the wide typed rows costs far more.
        key = ", ".join(q(k) for k in contract.key)
        repeated = f"select {key} from _typed where _sound group by {key} having count(*) > 1"
        problems.append(
            (
                "_typed",
                f"_sound and ({key}) in ({repeated})",
                ", ".join(contract.key),
                lit("duplicate key within the file"),
            )
        )
    selects = [
        f"select line, {lit(column_name) if column_name else 'null::varchar'} as column_name, {reason_sql} as reason "
        f"from {rows} where {condition}"
        for rows, condition, column_name, reason_sql in problems
    ]
    # One cheap filtered scan per rule: only failures produce rows (distinct: a value failing a
    # check both exactly and as stored is one problem).
    problems_sql = (
        "create or replace temp table _problems as\nselect distinct * from (\n" + "\nunion all\n".join(selects) + "\n)"
    )
    lookup_sql = "".join(f",\n\n{lookup}" for lookup in lookups)
    return f"""
create or replace temp table _typed as
with
header as (
    select min(line) as line from _raw_records where part_of is null
),

broken as (
    -- multi-line records that are not sound: their continuation lines count as rows
    select line from _raw_records
    where
        part_of is null and last_line > line and line > (select line from header)
        and (record_problem is not null or len(fields) <> {header_width})
),

raw as (
    select
        line,
        last_line,
        part_of,
        record_problem,
        fields,
        part_of is null and record_problem is null as _sound,
        {lit(as_of.isoformat())}::date as _as_of,
        {", ".join(raw_cols)},
    from _raw_records
    where
        (part_of is null and line > (select line from header))
        or part_of in (select line from broken)
){lookup_sql},

typed as (
    select raw.*, {", ".join(typed_cols)},
    from raw
    {" ".join(joins)}
)

select * from typed;
{problems_sql};
"""
