"""Re-delivery means bytes that are currently loaded (issue 8, item 8)."""

from __future__ import annotations

from tests.conftest import land, query, stage_case


def test_a_v3_restoring_the_original_supersedes_the_bad_v2(make_settings):
    s = make_settings()
    stage_case(s, "restored_v1")
    land(s, "hr_workforce")
    stage_case(s, "restored_v2")  # the bad correction: one employee, department XXX
    land(s, "hr_workforce")
    stage_case(s, "restored_v3")  # v1's exact bytes, re-sent as a higher version
    out = land(s, "hr_workforce")["hr_workforce"]
    assert [(f.file_name, f.status, f.rows_landed, f.message) for f in out.files] == [
        ("hr_workforce_2023-09-30_v3.csv", "loaded", 3, "supersedes hr_workforce_2023-09-30_v2.csv")
    ]
    assert query(s, "select file_name, status from audit.ingest_manifest order by file_name") == [
        ("hr_workforce_2023-09-30.csv", "superseded"),
        ("hr_workforce_2023-09-30_v2.csv", "superseded"),
        ("hr_workforce_2023-09-30_v3.csv", "loaded"),
    ]
    assert query(s, "select employee_id, department_code, _version from landed.hr_workforce order by 1") == [
        ("E000001", "APD", 3),
        ("E000002", "APD", 3),
        ("E000003", "APD", 3),
    ]


def test_bytes_of_the_currently_loaded_file_under_a_higher_version_are_still_a_duplicate(make_settings):
    s = make_settings()
    stage_case(s, "restored_v1")
    land(s, "hr_workforce")
    stage_case(s, "restored_v3")  # v1's bytes while v1 is still the loaded file: nothing changes
    out = land(s, "hr_workforce")["hr_workforce"]
    assert [(f.status, f.message) for f in out.files] == [
        ("duplicate", "byte-identical to hr_workforce_2023-09-30.csv (loaded): not loaded again")
    ]
    assert query(s, "select count(*), max(_version) from landed.hr_workforce") == [(3, 1)]
