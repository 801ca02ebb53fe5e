"""The sample generator reads its headers and allowed values from the contracts, and the committed
sample departs from them only where a source module names the departure."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from equity_pipeline.config import PROJECT_ROOT
from equity_pipeline.contracts import all_contracts
from equity_pipeline.sample_data import board_roster, hr_workforce
from equity_pipeline.sample_data.common import Expected, allowed, columns
from equity_pipeline.sample_data.population import DECLINED, RACE_SHARES, races

DATA_RAW = PROJECT_ROOT / "data_raw"


def test_columns_lists_a_contracts_header_and_its_columns_of_one_type():
    assert columns("hr_workforce", of_type="date") == [
        "birth_date",
        "hire_date",
        "termination_date",
        "last_promotion_date",
    ]
    assert columns("wc_claims")[:3] == ["claim_number", "employee_id", "claimant_name"]
    assert len(columns("board_roster")) == 15


def test_allowed_keeps_the_contracts_order():
    assert allowed("wc_claims", "claim_type") == ("Report Only", "Medical Only", "Lost Time")


def test_quarantine_records_the_row_and_a_note_naming_its_line():
    exp = Expected()
    exp.quarantine("a.csv", 4, "reported before injury")
    assert (exp.rows_quarantined, exp.bad_rows, exp.notes) == (
        1,
        [("a.csv", 4)],
        ["a.csv: line 4 reported before injury"],
    )


def test_races_draws_only_contract_values_declined_or_blank():
    answers = races(np.random.default_rng(1), 2_000)
    parts = {p for a in answers if a for p in a.split(";")}
    assert parts <= set(RACE_SHARES) | {DECLINED}
    assert all(a.count(";") <= 1 for a in answers)
    assert "" in set(answers)


def _read(path: Path) -> pd.DataFrame:
    if path.suffix == ".xlsx":
        return pd.read_excel(path, dtype=str, keep_default_na=False)
    cp1252 = path.name == f"board_roster_{board_roster.CP1252_EXPORT}.csv"
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="cp1252" if cp1252 else "utf-8-sig")


def _contract_header(source: str, path: Path) -> list[str]:
    header = columns(source)
    if path.name == f"hr_workforce_{hr_workforce.SCHEMA_DRIFT_EXPORT}.csv":
        header = [c.upper() if c in hr_workforce.RECASED_COLUMNS else c for c in header]
        header.insert(hr_workforce.DRIFT_POSITION, hr_workforce.DRIFT_COLUMN)
    return header


@pytest.mark.parametrize("source", list(all_contracts()))
def test_committed_sample_has_the_contracts_headers_and_allowed_values(source):
    contract = all_contracts()[source]
    files = sorted((DATA_RAW / source).iterdir())
    assert files
    for path in files:
        frame = _read(path)
        assert list(frame.columns) == _contract_header(source, path), path.name
        for column in contract.columns:
            if column.type == "enum":
                values = set(frame[column.name]) - {""}
            elif column.type == "enum_list":
                values = {p for v in frame[column.name] if v for p in v.split(column.separator)}
                values -= set(column.exclusive)
            else:
                continue
            assert values <= set(column.allowed), (path.name, column.name, values - set(column.allowed))
