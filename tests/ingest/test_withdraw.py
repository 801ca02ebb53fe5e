"""Future as-of dates are rejected, and a file loaded by mistake can be withdrawn (issue 8, item 4)."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from equity_pipeline import cli
from equity_pipeline.dbt_runtime import run_dbt
from equity_pipeline.ingest.withdraw import WithdrawError, withdraw_file
from tests.conftest import land, query, stage_case

# 20:00 UTC on 1 December 2026 is 11:00 in Anchorage (AKST, UTC-9): "today" is 2026-12-01 there.
NOW = dt.datetime(2026, 12, 1, 20, 0, tzinfo=dt.UTC)
CLAIMS = (
    "claim_number,employee_id,department_code,injury_date,reported_date,claim_type,osha_recordable,"
    "paid_medical,paid_indemnity,paid_expense,reserve_medical,reserve_indemnity,reserve_expense,status"
)
CLAIM = "WC-9,E9,APD,2023-09-01,2023-09-02,Medical Only,N,1,0,0,0,0,0,Open"


def copied_before(settings, moment: dt.datetime) -> None:
    """Date the landing folder's files an hour before the run's pinned clock: a file modified after `now`
    looks still being copied (the settle rule), and a checkout or a file written today is newer than
    the pinned date once that date has passed."""
    stamp = (moment - dt.timedelta(hours=1)).timestamp()
    for path in settings.raw_dir.rglob("*"):
        if path.is_file():
            os.utime(path, (stamp, stamp))


def manifest(settings, source="wc_claims"):
    return query(
        settings,
        "select file_name, status, rows_landed, message from audit.ingest_manifest where source = ? order by file_name",
        [source],
    )


def test_an_as_of_date_far_in_the_future_is_rejected(make_settings):
    s = make_settings()
    stage_case(s, "future_as_of")
    copied_before(s, NOW)
    land(s, "wc_claims", now=NOW)
    assert manifest(s) == [
        ("wc_claims_2023-09-30.csv", "loaded", 1, None),
        (
            "wc_claims_2052-06-30.csv",
            "rejected",
            0,
            "as-of date 2052-06-30 in the file name is more than 7 days after today "
            "(2026-12-01 in America/Anchorage): correct the date in the name",
        ),
    ]
    assert query(s, "select claim_number from landed.wc_claims") == [("WC-1",)]


def test_up_to_7_days_ahead_in_the_run_time_zone_is_accepted(make_settings):
    s = make_settings()
    folder = s.raw_dir / "wc_claims"
    folder.mkdir()
    for day in ("2026-12-08", "2026-12-09"):
        (folder / f"wc_claims_{day}.csv").write_text(f"{CLAIMS}\n{CLAIM.replace('WC-9', day)}\n")
    # 05:00 UTC on 2 December is still 1 December (20:00) in Anchorage: 12-08 is 7 days ahead, 12-09 is 8.
    copied_before(s, dt.datetime(2026, 12, 2, 5, 0, tzinfo=dt.UTC))
    land(s, "wc_claims", now=dt.datetime(2026, 12, 2, 5, 0, tzinfo=dt.UTC))
    assert [r[:2] for r in manifest(s)] == [
        ("wc_claims_2026-12-08.csv", "loaded"),
        ("wc_claims_2026-12-09.csv", "rejected"),
    ]


def test_withdrawing_a_file_removes_its_rows_and_the_next_publication_reflects_it(make_settings, monkeypatch, tmp_path):
    monkeypatch.setenv("EQUITY_FUTURE_AS_OF_DAYS", "10000")  # as the loader was before the rule: it loads
    s = make_settings()
    stage_case(s, "future_as_of")
    copied_before(s, NOW)
    land(s, "wc_claims", now=NOW)
    assert query(s, "select count(*) from landed.wc_claims") == [(2,)]

    result = withdraw_file(s, "wc_claims", "wc_claims_2052-06-30.csv", "typing slip: the export is of 2023-06-30")
    assert (result.rows_removed, result.reinstated) == (1, None)
    assert query(s, "select claim_number from landed.wc_claims") == [("WC-1",)]
    (row,) = query(
        s,
        "select status, reason, message, withdrawn_at is not null from audit.ingest_manifest "
        "where file_name = 'wc_claims_2052-06-30.csv'",
    )
    assert row == (
        "withdrawn",
        "withdrawn by an operator",
        "withdrawn by an operator: typing slip: the export is of 2023-06-30",
        True,
    )
    # Still in the landing folder, same name and bytes: not loaded again.
    copied_before(s, NOW)
    assert land(s, "wc_claims", now=NOW)["wc_claims"].files == []

    dbt = run_dbt(
        ["build", "--select", "+int_sources__freshness", "+data_quality_issues"], s, target_path=tmp_path / "dbt"
    )
    assert dbt.returncode == 0, dbt.stdout[-3000:]
    # The newest loss run is 2023-09-30 again, so no quarter after it counts as complete.
    assert query(s, "select newest_as_of_date::varchar, files_loaded from intermediate.int_sources__freshness") == [
        ("2023-09-30", 1)
    ]
    assert query(s, "select file_name, reason from marts.data_quality_issues") == [
        ("wc_claims_2052-06-30.csv", "file withdrawn: withdrawn by an operator")
    ]


def test_withdrawing_a_correction_does_not_reinstate_the_version_it_replaced(make_settings):
    s = make_settings()
    stage_case(s, "restored_v1")
    land(s, "hr_workforce")
    stage_case(s, "restored_v2")
    land(s, "hr_workforce")
    result = withdraw_file(s, "hr_workforce", "hr_workforce_2023-09-30_v2.csv", "wrong department codes")
    assert (result.rows_removed, result.reinstated) == (1, None)
    assert manifest(s, "hr_workforce") == [
        ("hr_workforce_2023-09-30.csv", "superseded", 3, None),
        ("hr_workforce_2023-09-30_v2.csv", "withdrawn", 1, "withdrawn by an operator: wrong department codes"),
    ]
    assert query(s, "select count(*) from landed.hr_workforce") == [(0,)]
    # To make v1's content current again, the department re-sends it as _v3: it loads (item 8).
    stage_case(s, "restored_v3")
    land(s, "hr_workforce")
    assert query(s, "select count(*), min(_version) from landed.hr_workforce") == [(3, 3)]


def test_only_a_loaded_file_can_be_withdrawn(make_settings):
    s = make_settings()
    stage_case(s, "future_as_of")
    copied_before(s, NOW)
    land(s, "wc_claims", now=NOW)
    with pytest.raises(WithdrawError, match=r"wc_claims/wc_claims_2052-06-30\.csv is rejected, not loaded"):
        withdraw_file(s, "wc_claims", "wc_claims_2052-06-30.csv", "mistake")
    with pytest.raises(WithdrawError, match=r"no file wc_claims/nothing\.csv in the manifest"):
        withdraw_file(s, "wc_claims", "nothing.csv", "mistake")
    with pytest.raises(WithdrawError, match="unknown source payroll"):
        withdraw_file(s, "payroll", "x.csv", "mistake")
    with pytest.raises(WithdrawError, match="a reason is required"):
        withdraw_file(s, "wc_claims", "wc_claims_2023-09-30.csv", "  ")


def test_the_withdraw_command_prints_one_line(make_settings, capsys):
    s = make_settings()
    stage_case(s, "future_as_of")
    copied_before(s, NOW)
    land(s, "wc_claims", now=NOW)
    assert cli.main(["withdraw", "wc_claims", "wc_claims_2023-09-30.csv", "--reason", "test file"]) == 0
    assert capsys.readouterr().out == (
        "withdrawn wc_claims/wc_claims_2023-09-30.csv: 1 row(s) removed from landed.wc_claims; "
        "the next run publishes without it\n"
    )
    assert cli.main(["withdraw", "wc_claims", "wc_claims_2023-09-30.csv", "--reason", "again"]) == 1
    assert capsys.readouterr().out == (
        "cannot withdraw: wc_claims/wc_claims_2023-09-30.csv is withdrawn, not loaded: nothing to withdraw\n"
    )
