"""Published reasons are fixed phrases; exception text stays in the working warehouse (issue 8, item 17)."""

from __future__ import annotations

import json

from equity_pipeline.dbt_runtime import run_dbt
from equity_pipeline.ingest import loader
from equity_pipeline.ingest.outcome import files_metadata, outcome_metadata
from tests.conftest import land, query, stage_case

XLSX = "not a readable .xlsx workbook"


def test_an_unreadable_workbook_has_a_fixed_reason_and_the_detail_in_the_message(make_settings):
    s = make_settings()
    stage_case(s, "broken_xlsx")
    land(s, "wc_claims")
    (row,) = query(s, "select status, reason, message from audit.ingest_manifest")
    assert row[:2] == ("rejected", XLSX)
    assert row[2].startswith(f"{XLSX} (BadZipFile: ")


def test_exception_text_quoting_a_cell_never_reaches_reasons_metadata_or_the_published_table(
    make_settings, monkeypatch, tmp_path
):
    def failing_reader(con, data):
        raise ValueError("invalid literal for int() with base 10: 'E000123 Jane Doe'")

    monkeypatch.setattr(loader, "load_xlsx_records", failing_reader)
    s = make_settings()
    stage_case(s, "xlsx_loss_run")
    out = land(s, "wc_claims")["wc_claims"]
    (row,) = query(s, "select reason, message from audit.ingest_manifest")
    assert row == (XLSX, f"{XLSX} (ValueError: invalid literal for int() with base 10: 'E000123 Jane Doe')")
    shown = json.dumps(files_metadata(out)) + json.dumps(outcome_metadata(out))
    assert XLSX in shown and "Jane Doe" not in shown
    dbt = run_dbt(["build", "--select", "+data_quality_issues"], s, target_path=tmp_path / "dbt")
    assert dbt.returncode == 0, dbt.stdout[-3000:]
    assert query(s, "select file_name, reason, rows_affected from marts.data_quality_issues") == [
        ("wc_claims_2024-06-30.xlsx", f"file rejected: {XLSX}", 0)
    ]
