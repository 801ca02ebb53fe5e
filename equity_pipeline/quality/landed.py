"""The landed tables' Great Expectations gate, file by file: a refresh validates only the rows it added.

Every expectation of a landed suite (suites.landed_suite) is about one row, or about rows of one file
(the key is unique within a file): none compares rows of two files. And a file's rows never change once
landed: a later version or a withdrawal deletes them whole. So a file that passed the suite once passes
it for as long as the table holds it, and re-validating 1.2 million unchanged rows every night (20-30 s
at Los Angeles size) proves nothing new. Each passed file is recorded in `audit.landed_validations`
with the digest of the suite it passed (its expectations and GE's version); a refresh validates the
rows of the files held without such a record, all in one GE validation. A changed contract (so suite)
or GE version re-validates every file.

Read for GE: only the columns the suite names (not names, birth dates or narratives), with text as
pandas categoricals (DuckDB ENUMs, built in a scratch in-memory database): GE hashes the whole frame
and runs its metrics per column, both far cheaper on category codes than on a million Python strings.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import duckdb
import great_expectations as gx
import pandas as pd
from great_expectations.expectations import Expectation

from equity_pipeline.contracts import Contract
from equity_pipeline.quality.runner import QualityResult, validate_frame
from equity_pipeline.quality.suites import landed_suite
from equity_pipeline.sql import q

VALIDATIONS_DDL = """
create schema if not exists audit;
create table if not exists audit.landed_validations (
    source varchar not null,
    file_name varchar not null,
    file_sha256 varchar not null,
    suite_digest varchar not null,
    rows_validated bigint not null,
    run_id varchar not null,
    validated_at timestamptz not null default now()
)
"""


@dataclass
class LandedValidation:
    result: QualityResult
    new_files: int
    new_rows: int
    earlier_files: int
    earlier_rows: int

    def describe(self) -> str:
        earlier = (
            f"{self.earlier_files} file(s) held ({self.earlier_rows:,} rows) passed this suite in earlier runs"
            " (audit.landed_validations)"
        )
        if not self.new_files and not self.earlier_files:
            return f"{self.result.suite}: the table holds no rows"
        if not self.new_files:
            return f"{self.result.suite}: no new rows to validate; {earlier}"
        text = f"{self.result.describe()} of {self.new_files} new file(s)"
        return f"{text}; {earlier}" if self.earlier_files else text


def suite_digest(expectations: list[Expectation]) -> str:
    """What a file passed: the expectations' configurations, in order, and GE's version."""
    configs = [e.configuration.to_json_dict() for e in expectations]
    text = json.dumps({"gx": gx.__version__, "expectations": configs}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def suite_columns(expectations: list[Expectation]) -> list[str]:
    """The columns the expectations name, in first-named order."""
    columns: list[str] = []
    for expectation in expectations:
        named = [getattr(expectation, "column", None), *(getattr(expectation, "column_list", None) or [])]
        columns += [c for c in named if c and c not in columns]
    return columns


def read_frame(con: duckdb.DuckDBPyConnection, relation: str, columns: list[str], where: str) -> pd.DataFrame:
    """`columns` of the rows of `relation` matching `where`, text columns as pandas categoricals."""
    types = dict(con.execute(f"select column_name, column_type from (describe select * from {relation})").fetchall())
    present = [c for c in columns if c in types]  # a missing column fails ExpectColumnToExist, as it should
    con.execute("attach if not exists ':memory:' as gate_scratch")
    try:
        selected = []
        for i, column in enumerate(present):
            if types[column] == "VARCHAR":
                con.execute(
                    f"create or replace type gate_scratch.main.enum_{i} as enum "
                    f"(select distinct {q(column)} from {relation} where {where} and {q(column)} is not null)"
                )
                selected.append(f"{q(column)}::gate_scratch.main.enum_{i} as {q(column)}")
            else:
                selected.append(q(column))
        return con.execute(f"select {', '.join(selected) or '1'} from {relation} where {where}").df()
    finally:
        con.execute("detach gate_scratch")


def validate_landed(con: duckdb.DuckDBPyConnection, contract: Contract, run_id: str) -> LandedValidation:
    """Validate the rows of `landed.<source>`'s not yet validated files; record the files that passed."""
    con.execute(VALIDATIONS_DDL)
    relation = f"landed.{q(contract.source)}"
    expectations = landed_suite(contract)
    digest = suite_digest(expectations)
    held = con.execute(
        f"""
        select h._source_file, h._sha256, h.n, v.file_sha256 is not null as validated
        from (select _source_file, _sha256, count(*) as n from {relation} group by all) as h
        left join (
            select distinct file_name, file_sha256 from audit.landed_validations where source = ? and suite_digest = ?
        ) as v on v.file_name = h._source_file and v.file_sha256 = h._sha256
        order by h._source_file
        """,
        [contract.source, digest],
    ).fetchall()
    pending = [(name, sha, n) for name, sha, n, validated in held if not validated]
    earlier = [n for *_, n, validated in held if validated]
    suite_name = f"landed_{contract.source}"
    if not pending:
        result = QualityResult(suite=suite_name, rows=0, evaluated=0)
    else:
        shas = ", ".join(f"'{sha}'" for _, sha, _ in pending)  # hex digests from the table itself
        frame = read_frame(con, relation, suite_columns(expectations), f"_sha256 in ({shas})")
        result = validate_frame(frame, suite_name, expectations)
    if pending and result.success:
        con.executemany(
            "insert into audit.landed_validations (source, file_name, file_sha256, suite_digest, rows_validated, "
            "run_id) values (?, ?, ?, ?, ?, ?)",
            [[contract.source, name, sha, digest, n, run_id] for name, sha, n in pending],
        )
    return LandedValidation(result, len(pending), sum(n for *_, n in pending), len(earlier), sum(earlier))
