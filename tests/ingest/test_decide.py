"""decide(): a file's status from plain facts, without a warehouse. Every expected text can be read off the inputs."""

import datetime as dt

from equity_pipeline.ingest.decide import (
    LOCK_FILE,
    NOT_UTF8_NAME,
    Decision,
    FileFacts,
    RowCounts,
    decide,
    decide_before_reading,
)
from equity_pipeline.ingest.files import ExportName, FileRejected
from equity_pipeline.ingest.manifest import LoadedFile

AS_OF = dt.date(2023, 9, 30)
V1 = "hr_workforce_2023-09-30.csv"
V2 = "hr_workforce_2023-09-30_v2.csv"
V1_LOADED = LoadedFile(V1, "a" * 64, 1)
V2_LOADED = LoadedFile(V2, "b" * 64, 2)


def facts(file_name: str = V1, version: int = 1, **kwargs) -> FileFacts:
    export = ExportName(source="hr_workforce", as_of=AS_OF, version=version, fmt="csv")
    return FileFacts(file_name=file_name, export=export, **kwargs)


def test_a_name_with_undecodable_bytes_is_rejected_first():
    # The lock-file prefix and a loaded twin would each settle it too: the name's bytes come first.
    got = decide_before_reading(FileFacts(file_name="~$hr\\xe9.csv", name_is_utf8=False, twin=V1_LOADED))
    assert got == Decision("rejected", message=NOT_UTF8_NAME, reason=NOT_UTF8_NAME)


def test_an_excel_lock_file_is_rejected_before_its_name_is_judged():
    problem = FileRejected("file name does not follow the naming rule")
    got = decide_before_reading(FileFacts(file_name="~$hr_workforce_2023-09-30.xlsx", name_problem=problem))
    assert got == Decision("rejected", message=LOCK_FILE, reason=LOCK_FILE)


def test_a_refused_name_is_rejected_with_its_reason_and_detail():
    problem = FileRejected("as-of date too far ahead", "detail")
    got = decide(facts(name_problem=problem, twin=V1_LOADED), RowCounts(10, 0), 0.2, [])
    assert got == Decision("rejected", message="as-of date too far ahead (detail)", reason="as-of date too far ahead")


def test_bytes_loaded_under_another_name_are_a_duplicate_before_the_rows_are_read():
    expected = Decision("duplicate", message=f"byte-identical to {V1} (loaded): not loaded again")
    copy = facts("hr_workforce_2023-10-31.csv", twin=V1_LOADED)
    assert decide_before_reading(copy) == expected
    assert decide(copy, RowCounts(10, 10), 0.2, [V1_LOADED]) == expected


def test_a_conforming_name_without_a_twin_needs_its_rows():
    assert decide_before_reading(facts()) is None


def test_more_invalid_rows_than_the_threshold_quarantine_the_file():
    # 3 / 10 = 30% > 20%; the newer version loaded does not matter: quarantine is checked first.
    got = decide(facts(), RowCounts(total=10, invalid=3), 0.2, [V2_LOADED])
    assert got == Decision(
        "quarantined", message="3 of 10 rows invalid (30.0%), over the 20% threshold: whole file quarantined"
    )


def test_exactly_at_the_threshold_is_loaded():
    # 2 / 10 = 20%, not over 20%.
    assert decide(facts(), RowCounts(total=10, invalid=2), 0.2, []) == Decision("loaded")


def test_a_file_without_data_rows_is_loaded_and_says_so():
    # 0 rows: no invalid share to compare, even with a threshold of 0.
    assert decide(facts(), RowCounts(total=0, invalid=0), 0.0, []) == Decision("loaded", message="no data rows")


def test_an_older_version_arriving_after_a_newer_one_is_superseded_on_arrival():
    got = decide(facts(V1, version=1), RowCounts(10, 0), 0.2, [V2_LOADED])
    assert got == Decision("superseded", message=f"a newer version is already loaded ({V2}): rows not landed")


def test_the_same_version_under_another_name_is_rejected():
    # _v1 is version 1, as is the name without a suffix.
    got = decide(facts("hr_workforce_2023-09-30_v1.csv", version=1), RowCounts(10, 0), 0.2, [V1_LOADED])
    text = f"same as-of date and version as {V1}, already loaded: deliver a correction with a higher _v<N> suffix"
    assert got == Decision("rejected", message=text, reason=text)


def test_the_same_name_with_other_bytes_replaces_the_loaded_one():
    # An overwritten file: same name, same version, the manifest's row has other bytes.
    got = decide(facts(V1, version=1), RowCounts(10, 0), 0.2, [V1_LOADED])
    assert got == Decision("loaded", message=f"supersedes {V1}", replaces=(V1_LOADED,))


def test_a_correction_replaces_the_older_versions_and_notes_schema_drift():
    older = [V1_LOADED, LoadedFile("hr_workforce_2023-09-30_v3.csv", "c" * 64, 3)]
    got = decide(facts("hr_workforce_2023-09-30_v4.csv", version=4), RowCounts(10, 1), 0.2, older, ["badge_no"])
    assert got == Decision(
        "loaded",
        message=f"supersedes {V1}, hr_workforce_2023-09-30_v3.csv; schema drift: unknown column(s) badge_no ignored",
        replaces=tuple(older),
    )
