"""Source freshness: the next export's as-of and due dates, and how late it is, each checkable by hand.

Quarterly with 45 days' grace (hr_workforce): after 2025-12-31 comes 2026-03-31, due 2026-05-15.
Monthly with 30 days' grace (wc_claims): after 2025-12-31 comes 2026-01-31, due 2026-03-02.
"""

import datetime as dt

import duckdb
import pytest

from equity_pipeline.contracts import all_contracts
from equity_pipeline.ingest.manifest import ensure_audit_schema
from equity_pipeline.quality.freshness import add_months, assess, source_freshness, warehouse_freshness

D = dt.date
CONTRACTS = all_contracts()
HR, WC = CONTRACTS["hr_workforce"], CONTRACTS["wc_claims"]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2024, 3, 31), 3, D(2024, 6, 30)),  # quarter end to quarter end
        (D(2024, 6, 30), 3, D(2024, 9, 30)),  # 30 is June's end: September's end, not the 30th by chance
        (D(2023, 11, 30), 3, D(2024, 2, 29)),  # a month end into a leap February
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year
        (D(2023, 1, 31), 1, D(2023, 2, 28)),
        (D(2024, 2, 29), 1, D(2024, 3, 31)),  # February's end stays a month end
        (D(2023, 2, 28), 1, D(2023, 3, 31)),
        (D(2024, 2, 28), 1, D(2024, 3, 28)),  # not a month end in a leap year: the same day number
        (D(2024, 1, 15), 1, D(2024, 2, 15)),  # mid-month as-of: the same day a month on
        (D(2024, 1, 30), 1, D(2024, 2, 29)),  # clamped to the month's length
        (D(2024, 11, 30), 3, D(2025, 2, 28)),  # across the year
        (D(2024, 2, 29), 12, D(2025, 2, 28)),  # annual from a leap day
        (D(2025, 12, 31), 12, D(2026, 12, 31)),
    ],
)
def test_add_months_keeps_month_ends_and_clamps_other_days(day, months, expected) -> None:
    assert add_months(day, months) == expected


def test_the_due_date_itself_is_not_late_and_the_day_after_is_one_day_late() -> None:
    on_due = assess(WC, D(2025, 12, 31), today=D(2026, 3, 2))
    assert (on_due.next_as_of, on_due.due_by, on_due.days_late, on_due.late) == (
        D(2026, 1, 31), D(2026, 3, 2), 0, False
    )  # fmt: skip
    assert on_due.describe() == (
        "wc_claims: newest export as of 2025-12-31; the monthly export as of 2026-01-31 is due by 2026-03-02 "
        "(30 days' grace): on time"
    )
    day_after = assess(WC, D(2025, 12, 31), today=D(2026, 3, 3))
    assert (day_after.days_late, day_after.late) == (1, True)
    assert day_after.describe().endswith("was due by 2026-03-02 (30 days' grace): 1 day late")


def test_quarterly_lateness_on_the_sample_s_newest_date() -> None:
    # 2026-03-31 + 45 days = 2026-05-15; 2026-05-15 to 2026-12-02: 16 + 30 + 31 + 31 + 30 + 31 + 30 + 2 = 201
    late = assess(HR, D(2025, 12, 31), today=D(2026, 12, 2))
    assert (late.next_as_of, late.due_by, late.days_late) == (D(2026, 3, 31), D(2026, 5, 15), 201)
    assert late.describe() == (
        "hr_workforce: newest export as of 2025-12-31; the quarterly export as of 2026-03-31 was due by "
        "2026-05-15 (45 days' grace): 201 days late"
    )
    wc = assess(WC, D(2025, 12, 31), today=D(2026, 12, 2))  # 2026-03-02 to 2026-12-02: 29 + 244 + 2
    assert wc.days_late == 275


def test_before_any_export_the_source_is_late_with_nothing_received() -> None:
    none = assess(HR, None, today=D(2026, 12, 2))
    assert (none.newest_as_of, none.next_as_of, none.due_by, none.days_late, none.late) == (None, None, None, 0, True)
    assert none.describe() == "hr_workforce: no export received yet"


def manifest(path, rows: list[tuple[str, str, str, str]]) -> duckdb.DuckDBPyConnection:
    """A real audit.ingest_manifest with (source, file_name, as_of, status) rows."""
    con = duckdb.connect(str(path))
    ensure_audit_schema(con)
    con.executemany(
        "insert into audit.ingest_manifest (source, file_name, file_sha256, as_of, status, processed_at) "
        "values (?, ?, md5(?), ?::date, ?, now())",
        [(s, f, f, a, st) for s, f, a, st in rows],
    )
    return con


def by_source(results) -> dict:
    return {r.source: r for r in results}


def test_only_loaded_and_superseded_exports_count(tmp_path) -> None:
    con = manifest(
        tmp_path / "w.duckdb",
        [
            ("wc_claims", "wc_claims_2026-01-31.csv", "2026-01-31", "loaded"),
            ("wc_claims", "wc_claims_2026-02-28.csv", "2026-02-28", "superseded"),  # replaced by a correction: counts
            ("wc_claims", "wc_claims_2026-03-31.csv", "2026-03-31", "rejected"),
            ("wc_claims", "wc_claims_2026-04-30.csv", "2026-04-30", "withdrawn"),
            ("hr_workforce", "hr_workforce_2026-03-31.csv", "2026-03-31", "loaded"),
            ("hr_workforce", "hr_workforce_2026-06-30.csv", "2026-06-30", "quarantined"),
            ("hr_workforce", "hr_workforce_2026-09-30.csv", "2026-09-30", "duplicate"),  # another file's bytes
            ("board_roster", "board_roster_2026-06-30.csv", "2026-06-30", "rejected"),  # the only file: nothing counts
        ],
    )
    with con:
        results = by_source(source_freshness(con, CONTRACTS.values(), today=D(2026, 5, 1)))
    assert list(results) == list(CONTRACTS)
    wc = results["wc_claims"]  # 2026-02-28 -> 2026-03-31, due 2026-04-30: 1 day late on 2026-05-01
    assert (wc.newest_as_of, wc.next_as_of, wc.due_by, wc.days_late) == (
        D(2026, 2, 28), D(2026, 3, 31), D(2026, 4, 30), 1
    )  # fmt: skip
    assert wc.describe() == (
        "wc_claims: newest export as of 2026-02-28 (a newer file as of 2026-04-30 was withdrawn and does not count); "
        "the monthly export as of 2026-03-31 was due by 2026-04-30 (30 days' grace): 1 day late"
    )
    hr = results["hr_workforce"]  # 2026-03-31 -> 2026-06-30, due 2026-08-14: on time on 2026-05-01
    assert (hr.newest_as_of, hr.due_by, hr.late) == (D(2026, 3, 31), D(2026, 8, 14), False)
    assert "2026-06-30 was quarantined" in hr.describe()
    board = results["board_roster"]
    assert (board.newest_as_of, board.late) == (None, True)
    assert board.describe() == (
        "board_roster: no export received yet (a newer file as of 2026-06-30 was rejected and does not count)"
    )
    assert results["language_access"].describe() == "language_access: no export received yet"


def test_a_warehouse_never_loaded_has_received_nothing(tmp_path) -> None:
    missing = warehouse_freshness(tmp_path / "none.duckdb", CONTRACTS.values(), D(2026, 12, 2))
    assert [f.describe() for f in missing] == [f"{s}: no export received yet" for s in CONTRACTS]
    assert not (tmp_path / "none.duckdb").exists()  # looking did not create it
    duckdb.connect(str(tmp_path / "empty.duckdb")).close()  # a file without audit.ingest_manifest
    empty = warehouse_freshness(tmp_path / "empty.duckdb", CONTRACTS.values(), D(2026, 12, 2))
    assert all(f.late and f.newest_as_of is None for f in empty)


def test_the_dict_for_publication_log_holds_iso_dates(tmp_path) -> None:
    assert assess(WC, D(2025, 12, 31), today=D(2026, 12, 2)).as_dict() == {
        "source": "wc_claims",
        "cadence": "monthly",
        "grace_days": 30,
        "newest_as_of": "2025-12-31",
        "next_as_of": "2026-01-31",
        "due_by": "2026-03-02",
        "days_late": 275,
        "late": True,
        "description": "wc_claims: newest export as of 2025-12-31; the monthly export as of 2026-01-31 was due by "
        "2026-03-02 (30 days' grace): 275 days late",
    }
