"""The sample generator reads its headers and allowed values from the contracts, and the committed
sample departs from them only where a source module names the departure."""

from __future__ import annotations

import datetime as dt
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


def _committed_rosters() -> dict:
    from equity_pipeline.sample_data.board_figures import read_rosters

    quarantined = [("board_roster_2025-03-31.csv", 3)]  # the MISSING_TERM_EXPORT row: the first Filled seat
    return read_rosters(DATA_RAW / "board_roster", quarantined)


def test_committed_rosters_carry_the_scripted_board_cases():
    """The cases the board tables must show are scripted, not drawn: vacancy runs, the 90-day edge, holdovers,
    the dissolved board (hand-counted from board_roster.SCRIPT)."""
    from equity_pipeline.sample_data.board_figures import board_recruitment, board_seats

    rosters = _committed_rosters()
    newest = max(rosters)
    # 19 complete rosters: 2025-03-31 has the quarantined seat, so the board tables leave it out
    assert (len(rosters), min(rosters), newest) == (19, dt.date(2021, 3, 31), dt.date(2025, 12, 31))
    assert dt.date(2025, 3, 31) not in rosters
    seats = board_seats(rosters)
    # the board wound up after 2023-06-30: in the rosters up to then, in none after, absent from today's boards
    assert [d for d, r in sorted(rosters.items()) if "UTIL" in set(r["board_code"])][-1] == dt.date(2023, 6, 30)
    assert len(seats) == 19 and "UTIL" not in seats
    recruit = {seat_id: (status, days_vacant, days_to_end) for _, seat_id, status, _, days_vacant, days_to_end
               in board_recruitment(rosters)}  # fmt: skip
    assert recruit["GEO-07"] == ("Vacant", 1736, None)  # vacant in every roster: since 2021-03-31
    assert recruit["AEDC-01"] == ("Vacant", 457, None)  # six rosters, since 2024-09-30
    assert recruit["PZC-05"] == ("Vacant", 92, None)  # since 2025-09-30: its 2023-24 vacancy was filled in between
    assert recruit["LIBB-03"] == ("Vacant", 0, None)  # the newest roster only
    assert recruit["HLTH-02"] == ("Term ending", None, 90) and "HLTH-03" not in recruit  # +90 in, +91 out
    assert recruit["HLTH-04"] == ("Term ending", None, 0)  # ends on the roster date: still Filled
    assert (recruit["SENR-02"], recruit["BLDG-01"]) == (("Holdover", None, -184), ("Holdover", None, -396))
    # the 2022-03-31 .. 2022-12-31 vacancy of PZC-04, since filled (term to 2026-01-15: 15 days)
    assert [rosters[d].set_index("seat_id").at["PZC-04", "status"] for d in sorted(rosters)[4:9]] == [
        "Vacant", "Vacant", "Vacant", "Vacant", "Filled",
    ]  # fmt: skip
    assert recruit["PZC-04"] == ("Term ending", None, 15)


@pytest.mark.parametrize(
    "answer, race, hispanic",
    [
        ("Black or African American;White", "Two or More Races", "Not Hispanic or Latino"),
        ("Hispanic or Latino", "Some Other Race", "Hispanic or Latino"),
        ("White;Hispanic or Latino", "White", "Hispanic or Latino"),
        ("Middle Eastern or North African", "White", "Not Hispanic or Latino"),
        ("Middle Eastern or North African;White", "White", "Not Hispanic or Latino"),
        ("Asian;Hispanic or Latino;Native Hawaiian or Pacific Islander", "Two or More Races", "Hispanic or Latino"),
        (DECLINED, None, None),
        ("", None, None),
    ],
)
def test_board_figures_map_race_answers_to_the_census_scheme(answer, race, hispanic):
    from equity_pipeline.sample_data.board_figures import _race

    assert _race(answer) == (race, hispanic)


def test_newest_roster_members_count_a_member_on_two_boards_once_and_blank_or_declined_as_unreported():
    from equity_pipeline.sample_data.board_figures import members, representation

    roster = _committed_rosters()[dt.date(2025, 12, 31)]
    seated = roster[roster["status"].isin(["Filled", "Holdover"])]
    assert (seated["member_id"] == "M90010").sum() == 2  # MINR-01 and WOMN-01
    people = members(roster)
    assert len(people) == seated["member_id"].nunique() == len(seated) - 1
    # M90011 declined every question, M90002 left every answer blank: unreported in every dimension
    assert people.set_index("member_id").loc[["M90002", "M90011"]].isna().all().all()
    figures = representation(roster)
    for dimension, f in figures.items():
        assert sum(f["members"].values()) == f["reported"] <= f["all_members"] == len(people), dimension


def _committed_logs() -> pd.DataFrame:
    from equity_pipeline.sample_data.language_access import UNKNOWN_LANGUAGE_EXPORT, UNKNOWN_LANGUAGE_ROW
    from equity_pipeline.sample_data.language_figures import read_logs

    quarantined = [(f"language_access_{UNKNOWN_LANGUAGE_EXPORT}.csv", UNKNOWN_LANGUAGE_ROW + 2)]
    return read_logs(DATA_RAW / "language_access", quarantined)


def test_committed_logs_carry_the_scripted_language_cases():
    """The cases the language tables must show are scripted (language_access.SCRIPT), and the draws keep
    the Korean FY2024 gap: read back from the committed files, not from the script."""
    from equity_pipeline.sample_data.language_figures import current_requests

    logs = _committed_logs()
    versions = logs[logs["request_id"] == "LAS-0002"][["as_of", "status", "fulfilled_at"]]
    assert [tuple(v) for v in versions.itertuples(index=False)] == [
        (dt.date(2024, 3, 31), "Unfulfilled", ""),  # pending at the March export
        (dt.date(2024, 4, 30), "Fulfilled", "04/08/2024 12:00"),  # re-sent fulfilled in April's
    ]
    requests = current_requests(logs).set_index("request_id")
    assert requests["status"].value_counts().to_dict().keys() == {
        "Fulfilled", "Partially Fulfilled", "Unfulfilled", "Cancelled"
    }  # fmt: skip
    assert requests.loc["LAS-0002", "status"] == "Fulfilled" and requests.loc["LAS-0007", "status"] == "Cancelled"
    # a request seen twice is one request: the newest version of each id
    assert len(requests) == logs["request_id"].nunique() < len(logs)
    done = requests[requests["status"] == "Fulfilled"]
    late = done[done["fulfilled_at"] > done["needed"]]
    assert "LAS-0002" in late.index and len(late) > 100
    vital = done[(done["service_type"] == "Translation") & done["vital"]]
    assert vital["language_code"].nunique() >= 10  # vital translations in many languages
    korean = vital[vital["language_code"] == "kor"]["fiscal_year"].value_counts()
    assert korean.get(2024, 0) == 0 and all(korean.get(year, 0) > 0 for year in (2021, 2022, 2023, 2025))
    partly = requests[(requests["status"] == "Partially Fulfilled") & (requests["language_code"] == "kor")]
    assert (partly["fiscal_year"] == 2024).sum() > 0  # the gap: FY2024's Korean vital translations partly done
    # LAS-0008: UTC year 2024, local 2023-12-31 23:30 -> FY2023
    assert requests.loc["LAS-0008", "received"].tz_convert("UTC").year == 2024
    assert requests.loc["LAS-0008", "fiscal_year"] == 2023
    # month-end evenings: local month January / May, UTC month the next
    for request_id, month in (("LAS-0001", dt.date(2024, 1, 1)), ("LAS-0006", dt.date(2023, 5, 1))):
        received = requests.loc[request_id, "received"]
        assert requests.loc[request_id, "month"] == month
        assert received.tz_convert("UTC").month == month.month + 1


def test_committed_logs_write_offsets_z_and_us_timestamps_in_valid_iso_639_languages():
    import pycountry

    from equity_pipeline.sample_data.language_access import UNKNOWN_LANGUAGE, UNKNOWN_LANGUAGE_EXPORT
    from equity_pipeline.sample_data.language_figures import current_requests

    logs = _committed_logs()
    received = logs["received_at"]
    for shape in (r"-09:00$", r"-08:00$", r"Z$", r"^\d\d/\d\d/\d{4} \d\d:\d\d$", r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$"):
        assert received.str.contains(shape).any(), shape
    # ISO logs from 2025 carry the local offset on every value; US logs (even months) none
    iso_2025 = logs[(logs["as_of"] >= dt.date(2025, 1, 1)) & logs["received_at"].str.match(r"\d{4}-")]
    assert iso_2025["received_at"].str.contains(r"-0[89]:00$").all() and len(iso_2025) > 500
    codes = set(current_requests(logs)["language_code"])
    assert {"rus", "vie", "ukr", "ara", "som", "fas"} <= codes  # beyond the spec's examples
    iso = {lang.alpha_3 for lang in pycountry.languages} | {fam.alpha_3 for fam in pycountry.language_families}
    assert codes <= iso
    # kept from before: the quarantined unknown language, the re-delivered export
    unknown = pd.read_csv(DATA_RAW / "language_access" / f"language_access_{UNKNOWN_LANGUAGE_EXPORT}.csv", dtype=str)
    assert (unknown["language"] == UNKNOWN_LANGUAGE).sum() == 1
    folder = DATA_RAW / "language_access"
    assert (folder / "language_access_2024-05-31_v2.csv").read_bytes() == (
        folder / "language_access_2024-05-31.csv"
    ).read_bytes()


@pytest.mark.parametrize(
    "written",
    ["2024-11-03T01:30:00", "03/10/2024 02:30", "2024-03-10T02:30:00", "11/03/2024 01:30", "2024-01-31T23:30:00-09:00",
     "2023-06-01T07:30:00Z", "07/04/2024 12:00"],
)  # fmt: skip
def test_figures_read_a_timestamp_as_the_warehouse_does(written):
    """Naive local times the clocks repeat (Nov 3, 01:30) or skip (Mar 10, 02:30) are read as DuckDB reads them
    under TimeZone America/Anchorage, so the figures' months and hours agree with the warehouse's."""
    import duckdb

    from equity_pipeline.ingest.dates import date_typed_sql
    from equity_pipeline.sample_data.language_figures import _instants

    with duckdb.connect() as con:
        con.execute("set TimeZone = 'America/Anchorage'")
        sql = f"select epoch({date_typed_sql('timestamp', 'v')}) from (select ?::varchar as v)"
        ((epoch,),) = con.execute(sql, [written]).fetchall()
    assert _instants(pd.Series([written]), "America/Anchorage").iloc[0].timestamp() == epoch
