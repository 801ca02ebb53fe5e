"""A changed EQUITY_PSEUDONYM_KEY is refused, not silently applied (issue 8, item 19)."""

from __future__ import annotations

import hashlib
import hmac

import dagster as dg
import duckdb
import pytest

from equity_pipeline import cli
from equity_pipeline.config import get_settings
from equity_pipeline.contracts import all_contracts
from equity_pipeline.defs.ingest import landed_asset
from equity_pipeline.ingest.pseudonym import PseudonymKeyMismatch
from equity_pipeline.resources import EquitySettings
from tests.conftest import TEST_KEY, land, query, stage_case

MISMATCH = (
    "EQUITY_PSEUDONYM_KEY is not the key this warehouse was built with: every hashed id would change "
    "and no history would join. Restore the original key, or set EQUITY_WAREHOUSE_DIR to a new "
    "warehouse to start over with this key. Nothing was landed."
)


def test_the_first_run_stores_the_key_fingerprint(make_settings):
    s = make_settings()
    stage_case(s, "utf8_names")
    land(s, "hr_workforce")
    expected = hmac.new(TEST_KEY.encode(), b"equity-pipeline key fingerprint v1", hashlib.sha256).hexdigest()
    assert query(s, "select fingerprint from audit.pseudonym_key") == [(expected,)]
    land(s, "hr_workforce")  # the same key: accepted, stored once
    assert query(s, "select count(*) from audit.pseudonym_key") == [(1,)]


def test_a_changed_key_lands_nothing(make_settings, monkeypatch):
    s = make_settings()
    stage_case(s, "utf8_names")
    land(s, "hr_workforce")
    stage_case(s, "leading_zeros")  # a new export waiting
    monkeypatch.setenv("EQUITY_PSEUDONYM_KEY", "someone-rotated-the-key")
    with pytest.raises(PseudonymKeyMismatch) as raised:
        land(get_settings(), "hr_workforce")
    assert str(raised.value) == MISMATCH
    assert query(s, "select count(*) from audit.ingest_manifest") == [(1,)]
    assert query(s, "select count(*) from landed.hr_workforce") == [(3,)]


def test_the_landed_asset_fails_with_the_message_and_does_not_retry(make_settings, monkeypatch):
    s = make_settings()
    stage_case(s, "utf8_names")
    land(s, "hr_workforce")
    monkeypatch.setenv("EQUITY_PSEUDONYM_KEY", "someone-rotated-the-key")
    result = dg.materialize(
        [landed_asset(all_contracts()["hr_workforce"])], raise_on_error=False, resources={"settings": EquitySettings()}
    )
    (failure,) = [e for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
    assert failure.step_failure_data.user_failure_data.description == MISMATCH
    assert not any(e.event_type_value == "STEP_UP_FOR_RETRY" for e in result.all_events)
    assert query(s, "select count(*) from audit.ingest_manifest") == [(1,)]


def test_the_cli_refuses_to_run_with_one_line(make_settings, monkeypatch, capsys):
    s = make_settings()
    stage_case(s, "utf8_names")
    land(s, "hr_workforce")
    monkeypatch.setenv("EQUITY_PSEUDONYM_KEY", "someone-rotated-the-key")
    assert cli.main(["run"]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == f"REFUSED: {MISMATCH}"


def test_a_warehouse_landed_before_fingerprints_is_checked_against_a_hashed_id(make_settings, monkeypatch):
    s = make_settings()
    stage_case(s, "utf8_names")
    land(s, "hr_workforce")
    with duckdb.connect(str(s.warehouse_path)) as con:  # as a warehouse of the previous release
        con.execute("delete from audit.pseudonym_key")
    monkeypatch.setenv("EQUITY_PSEUDONYM_KEY", "someone-rotated-the-key")
    with pytest.raises(PseudonymKeyMismatch):
        land(get_settings(), "hr_workforce")
    assert query(s, "select count(*) from audit.pseudonym_key") == [(0,)]
    monkeypatch.setenv("EQUITY_PSEUDONYM_KEY", TEST_KEY)  # the right key is adopted
    land(get_settings(), "hr_workforce")
    assert query(s, "select count(*) from audit.pseudonym_key") == [(1,)]
