"""The published tables as the dbt project declares them, and the README block written from them."""

import duckdb
import pandas as pd
import pytest

from equity_pipeline.publish.catalog import (
    Column,
    GateModel,
    PublishedTable,
    Vocabulary,
    personal_looking_columns,
    published_table,
    published_tables,
    tables_from_manifest,
)
from equity_pipeline.publish.readme import README, current_block, tables_block, with_block
from equity_pipeline.quality.gate import publishable_gate
from equity_pipeline.quality.suites import row_condition


def test_the_fourteen_marts_are_published_with_their_contract_columns_in_order():
    assert sorted(t.name for t in published_tables()) == [
        "board_recruitment", "board_representation", "board_representation_history", "board_seats",
        "data_quality_issues", "language_access_annual", "language_access_monthly", "language_access_safe_harbor",
        "pvr_annual", "pvr_quarterly", "wc_claims_monthly", "wc_report_lag",
        "workforce_disparity", "workforce_representation",
    ]  # fmt: skip
    lag = published_table("wc_report_lag")
    assert lag.relation == "marts.wc_report_lag"
    assert lag.column_names == ("fiscal_year", "lag_bucket", "bucket_order", "claims", "share")
    assert lag.key == ("fiscal_year", "lag_bucket")
    assert [g.name for g in lag.gate_models] == ["gate_published_grid"]
    assert all(c.description for t in published_tables() for c in t.columns)


def test_gate_parameters_come_from_constraints_tests_and_meta():
    quarterly = published_table("pvr_quarterly")
    by_name = {c.name: c for c in quarterly.columns}
    assert [c.name for c in quarterly.columns if c.not_null] == [
        "series_id", "series_name", "fiscal_year", "fiscal_quarter", "is_complete",
    ]  # fmt: skip
    assert by_name["fiscal_quarter"].vocabulary.values == (1, 2, 3, 4)
    assert (by_name["value"].min, by_name["value"].max) == (0, None)
    assert quarterly.ceilings == {"column": "value", "by": "unit", "max": {"people": 50000, "sessions": 1000}}
    status = {c.name: c for c in published_table("pvr_annual").columns}["status"].vocabulary
    assert (status.relation, status.field) == ("reference.pvr_annual_statuses", "status")
    # a vocabulary in a source table (the loader's language reference), not a seed
    language = {c.name: c for c in published_table("language_access_monthly").columns}["language_code"].vocabulary
    assert (language.relation, language.field) == ("reference.languages", "code")


def test_a_hand_made_manifest_declares_one_table():
    manifest = {
        "nodes": {
            "model.equity_pipeline.t": {
                "resource_type": "model", "package_name": "equity_pipeline", "name": "t", "schema": "marts",
                "alias": "t", "original_file_path": "models/marts/t.sql", "description": "A table.",
                "depends_on": {"nodes": []},
                "config": {"meta": {"publish": True, "grain": "day"}},
                "columns": {
                    "day": {"name": "day", "data_type": "date", "description": "The day.",
                            "constraints": [{"type": "not_null"}]},
                    "n": {"name": "n", "data_type": "bigint", "description": "", "meta": {"min": 0}},
                },
            },
            "model.equity_pipeline.hidden": {
                "resource_type": "model", "package_name": "equity_pipeline", "name": "hidden", "schema": "marts",
                "alias": "hidden", "original_file_path": "models/marts/hidden.sql", "description": "",
                "depends_on": {"nodes": []}, "config": {"meta": {}}, "columns": {},
            },
            "test.equity_pipeline.unique_t": {
                "resource_type": "test", "attached_node": "model.equity_pipeline.t", "column_name": None,
                "original_file_path": "models/marts/_marts__models.yml",
                "depends_on": {"nodes": ["model.equity_pipeline.t"]},
                "test_metadata": {"name": "unique_combination", "kwargs": {"combination": ["day"]}},
            },
            "model.equity_pipeline.gate_t": {
                "resource_type": "model", "package_name": "equity_pipeline", "name": "gate_t", "schema": "gates",
                "alias": "gate_t", "original_file_path": "models/marts/gates/gate_t.sql", "description": "",
                "depends_on": {"nodes": ["model.equity_pipeline.t"]},
                "config": {"meta": {"gate": {"equal": [["a", "b"]]}}}, "columns": {},
            },
        }
    }  # fmt: skip
    (table,) = tables_from_manifest(manifest)
    assert (table.name, table.relation, table.grain, table.key) == ("t", "marts.t", "day", ("day",))
    assert [(c.name, c.not_null, c.min) for c in table.columns] == [("day", True, None), ("n", False, 0)]
    assert [(g.relation, g.equal) for g in table.gate_models] == [("gates.gate_t", (("a", "b"),))]


def test_no_published_column_looks_personal_and_one_that_does_is_named():
    assert personal_looking_columns(published_tables()) == []
    columns = tuple(Column(n, "varchar", "") for n in ("series_name", "first_name", "employee_id_key", "claims"))
    table = PublishedTable("t", "main.t", "", "", "", columns)
    assert personal_looking_columns((table,)) == ["t.first_name", "t.employee_id_key"]


def test_the_gate_fails_a_table_with_a_personal_looking_column():
    table = PublishedTable("t", "t", "", "", "", (Column("last_name", "varchar", "a name"),))
    with duckdb.connect() as con:
        con.execute("create table t as select 'Smith' as last_name")
        result = publishable_gate(con, table)
    assert [(f.expectation, f.column) for f in result.failures] == [("personal_looking_column", "t.last_name")]


def test_the_readme_lists_what_the_manifest_publishes():
    # Regenerate with: python -m equity_pipeline.publish.readme
    assert current_block(README.read_text(encoding="utf-8")) == tables_block(published_tables())


def test_the_block_is_replaced_between_its_markers_only():
    text = "before\n<!-- published-tables:start -->\nold\n<!-- published-tables:end -->\nafter\n"
    assert with_block(text, "new") == (
        "before\n<!-- published-tables:start -->\nnew\n<!-- published-tables:end -->\nafter\n"
    )


def test_a_ceiling_by_unit_fails_only_its_unit():
    table = PublishedTable(
        "t", "t", "", "", "", (Column("unit", "varchar", ""), Column("value", "double", "")),
        ceilings={"column": "value", "by": "unit", "max": {"people": 10}},
    )  # fmt: skip
    with duckdb.connect() as con:
        con.register("frame", pd.DataFrame({"unit": ["people", "people", "claims"], "value": [10.0, 11.0, 99.0]}))
        con.execute("create table t as select * from frame")
        result = publishable_gate(con, table)
    assert [(f.expectation, f.column, f.unexpected_count) for f in result.failures] == [
        ("expect_column_values_to_be_between", "value", 1)
    ]


def test_a_seed_vocabulary_and_a_gate_model_fail_the_mart():
    bucket = Column("lag_bucket", "varchar", "", vocabulary=Vocabulary(relation="buckets", field="label"))
    gate = GateModel("gate_t", "gate_t", (("expected_rows", "actual_rows"),))
    table = PublishedTable("t", "t", "", "", "", (bucket,), gate_models=(gate,))
    with duckdb.connect() as con:
        con.execute("create table buckets as select * from (values ('0'), ('1-7')) as v(label)")
        con.execute("create table t as select * from (values ('0'), ('>14')) as v(lag_bucket)")
        con.execute(
            "create table gate_t as select * from (values ('t', 8, 7), ('other', 1, 2)) "
            "as v(table_name, expected_rows, actual_rows)"
        )
        result = publishable_gate(con, table)
    assert [(f.expectation, f.column, f.unexpected_count, f.detail) for f in result.failures] == [
        ("expect_column_values_to_be_in_set", "lag_bucket", 1, ""),
        ("expect_column_pair_values_to_be_equal", None, 1, "in gate_t"),
    ]


def test_a_declared_row_condition_checks_only_its_rows():
    # pvr_quarterly's rule: a value may be empty only for a rate.
    table = PublishedTable(
        "t", "t", "", "", "", (Column("unit", "varchar", ""), Column("value", "double", "")),
        conditions=({"column": "value", "not_null": True, "where": ["unit", "!=", "rate"]},),
    )  # fmt: skip
    with duckdb.connect() as con:
        frame = pd.DataFrame({"unit": ["rate", "people", "people"], "value": [None, 3.0, None]})
        con.register("frame", frame)
        con.execute("create table t as select * from frame")
        result = publishable_gate(con, table)
    assert [(f.expectation, f.column, f.unexpected_count) for f in result.failures] == [
        ("expect_column_values_to_not_be_null", "value", 1)
    ]


def test_a_declared_null_condition_fails_a_suppressed_row_that_shows_its_figure():
    # wc_claims_monthly's rule: a suppressed row shows no claim count
    table = PublishedTable(
        "t", "t", "", "", "", (Column("suppressed", "boolean", ""), Column("new_claims", "bigint", "")),
        conditions=({"column": "new_claims", "null": True, "where": ["suppressed", "==", True]},),
    )  # fmt: skip
    with duckdb.connect() as con:
        con.execute(
            "create table t as select * from (values (true, null), (true, 3), (false, 5)) as v(suppressed, new_claims)"
        )
        result = publishable_gate(con, table)
    assert [(f.expectation, f.column, f.unexpected_count) for f in result.failures] == [
        ("expect_column_values_to_be_null", "new_claims", 1)
    ]


def test_a_row_condition_operator_outside_the_two_is_refused():
    with pytest.raises(ValueError, match="must be == or !="):
        row_condition("unit", "<", "rate")
