"""Every entry of the landing folder is accounted for (issue 8, items 15 and 16).

A source folder's non-hidden files each get a manifest row; what is not a file of a
source folder (a subfolder, a stray file at the top, an unknown folder, something that
cannot be read) is a warning of the run, kept in audit.landing_warnings.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

import duckdb
import pytest

from equity_pipeline.ingest import archive
from equity_pipeline.ingest.landing import landing_fingerprint, seconds_until_settled
from equity_pipeline.ingest.manifest import landing_warnings
from equity_pipeline.ingest.outcome import files_metadata, outcome_metadata
from tests.conftest import land, messy_landing_settling_notes, query, stage_case

ONE = (
    "employee_id,department_code,eeo4_job_category,employment_type,fte,hire_date\n"
    "E000001,APD,Professionals,Full-Time,1,2020-01-15\n"
)
KNOWN = "board_roster, hr_workforce, language_access, training_roster, wc_claims"
LOCK_FILE = (
    "Excel lock file of an open workbook (Excel writes ~$<name> while the workbook is open; "
    "it is not an export): close the workbook, and delete this file if it remains"
)
NAMING = "file name does not follow the naming rule: expected hr_workforce_<YYYY-MM-DD>[_v<N>].csv"


def manifest(settings):
    return query(
        settings,
        "select file_name, status, rows_landed, message from audit.ingest_manifest order by file_name",
    )


def warnings(settings):
    return query(
        settings,
        "select source, path, kind, message from audit.landing_warnings order by path",
    )


def test_every_entry_of_a_messy_landing_folder_is_accounted_for(make_settings):
    s = make_settings()
    stage_case(s, "messy_landing")
    out = land(s, "hr_workforce")["hr_workforce"]
    # In the source folder: the export loads, the lock file and the note are rejected;
    # .DS_Store is hidden (a leading dot) and ignored.
    assert manifest(s) == [
        ("hr_workforce_2023-09-30.csv", "loaded", 1, None),
        ("notes.txt", "rejected", 0, NAMING),
        ("~$hr_workforce_2023-09-30.xlsx", "rejected", 0, LOCK_FILE),
    ]
    # The rest is not a file of a source folder: a warning each (.hidden_folder is ignored).
    expected = [
        (
            "hr_workforce",
            "hr_workforce/old",
            "warning",
            "subfolder is not read: exports must sit directly in hr_workforce/",
        ),
        (
            None,
            "hr_workforce_2023-12-31.csv",
            "warning",
            f"file at the top of the landing folder belongs to no source: move it into its source's folder ({KNOWN})",
        ),
        (None, "payroll", "warning", f"folder is not a known source, its files are not read (known: {KNOWN})"),
    ]
    assert warnings(s) == expected
    assert out.warnings == [f"{path}: {message}" for _, path, _, message in expected]
    # Every landed asset of the run sees the top of the landing folder: noted, and shown, once per run.
    assert land(s, "wc_claims")["wc_claims"].warnings == []
    assert query(s, "select count(*) from audit.landing_warnings") == [(3,)]


def test_unreadable_entries_are_warnings_and_are_retried_next_run(make_settings, tmp_path, monkeypatch):
    s = make_settings()
    folder = s.raw_dir / "hr_workforce"
    folder.mkdir()
    (folder / "hr_workforce_2023-09-30.csv").symlink_to(tmp_path / "gone.csv")
    os.mkfifo(folder / "hr_workforce_2023-10-31.csv")  # reading a FIFO would block the run for ever
    locked = folder / "hr_workforce_2023-11-30.csv"
    locked.write_text(ONE)
    real_read = Path.read_bytes

    def read(self: Path) -> bytes:
        # Tests run as root, whom chmod 000 does not stop: the share's refusal is simulated.
        if self.name == locked.name:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read)
    land(s, "hr_workforce")
    assert manifest(s) == []
    assert warnings(s) == [
        (
            "hr_workforce",
            "hr_workforce/hr_workforce_2023-09-30.csv",
            "warning",
            "cannot be read: broken symbolic link (retried on the next run)",
        ),
        (
            "hr_workforce",
            "hr_workforce/hr_workforce_2023-10-31.csv",
            "warning",
            "not a regular file (a FIFO, socket or device): not read",
        ),
        (
            "hr_workforce",
            "hr_workforce/hr_workforce_2023-11-30.csv",
            "warning",
            "cannot be read (Permission denied): retried on the next run",
        ),
    ]
    monkeypatch.setattr(Path, "read_bytes", real_read)  # the share lets us read it now
    land(s, "hr_workforce")
    assert manifest(s) == [("hr_workforce_2023-11-30.csv", "loaded", 1, None)]


def test_a_name_that_is_not_utf8_is_rejected_under_an_escaped_name(make_settings):
    s = make_settings()
    folder = s.raw_dir / "hr_workforce"
    folder.mkdir()
    # "José" in Latin-1, as a Windows share mounted without a UTF-8 charset delivers it.
    with open(os.fsencode(folder) + b"/hr_workforce_Jos\xe9.csv", "wb") as handle:
        handle.write(ONE.encode())
    land(s, "hr_workforce")
    expected = [
        (
            "hr_workforce_Jos\\xe9.csv",
            "rejected",
            0,
            "file name is not valid UTF-8 (undecodable bytes shown as \\xNN): rename the file",
        )
    ]
    assert manifest(s) == expected
    land(s, "hr_workforce")  # the same name and bytes: recognised, not recorded twice
    assert manifest(s) == expected


def test_a_file_still_being_written_is_skipped_then_loaded_next_run(make_settings, monkeypatch):
    monkeypatch.setenv("EQUITY_SETTLE_SECONDS", "60")
    s = make_settings()
    stage_case(s, "utf8_names")
    path = s.raw_dir / "hr_workforce" / "hr_workforce_2023-09-30.csv"
    now = dt.datetime(2026, 12, 1, 20, 0, tzinfo=dt.UTC)
    os.utime(path, (now.timestamp() - 12, now.timestamp() - 12))
    out = land(s, "hr_workforce", now=now)["hr_workforce"]
    message = "skipped: modified 12 s ago, still being written?"
    assert (out.files, out.skipped) == ([], [f"hr_workforce/hr_workforce_2023-09-30.csv: {message}"])
    assert manifest(s) == []
    assert warnings(s) == [("hr_workforce", "hr_workforce/hr_workforce_2023-09-30.csv", "skipped", message)]
    # The CLI waits the rest of the settle time before a run: 60 - 12 = 48 s.
    assert seconds_until_settled(s, now=now) == 48
    later = now + dt.timedelta(seconds=49)
    assert seconds_until_settled(s, now=later) == 0
    out = land(s, "hr_workforce", now=later)["hr_workforce"]
    assert [(f.status, f.rows_landed) for f in out.files] == [("loaded", 3)]
    assert out.skipped == []


def test_settle_time_defaults_to_60_seconds(monkeypatch):
    from equity_pipeline.config import get_settings

    monkeypatch.delenv("EQUITY_SETTLE_SECONDS")
    assert get_settings().settle_seconds == 60


def test_archive_holds_exactly_the_bytes_that_were_hashed(make_settings, monkeypatch):
    s = make_settings()
    stage_case(s, "utf8_names")
    path = s.raw_dir / "hr_workforce" / "hr_workforce_2023-09-30.csv"
    hashed = path.read_bytes()
    real_read = Path.read_bytes

    def read_while_the_copy_goes_on(self: Path) -> bytes:
        data = real_read(self)
        if self.name == path.name:  # the department's copy appends a row after the loader read
            with open(self, "ab") as handle:
                handle.write(b"E000009,APD,Professionals,Full-Time,1,2020-01-15,,,Late\n")
        return data

    monkeypatch.setattr(Path, "read_bytes", read_while_the_copy_goes_on)
    land(s, "hr_workforce")
    (archived,) = (s.archive_dir / "hr_workforce").iterdir()  # and no temp file left behind
    assert archived.name == hashlib.sha256(hashed).hexdigest() + ".csv"
    assert archived.read_bytes() == hashed


def test_an_archive_copy_that_does_not_verify_fails_loudly(make_settings, monkeypatch):
    s = make_settings()
    stage_case(s, "utf8_names")
    real_replace = os.replace

    def replace_then_corrupt(src, dst):
        real_replace(src, dst)
        with open(dst, "r+b") as handle:  # the storage returns other bytes than were written
            handle.write(b"X")

    monkeypatch.setattr(archive.os, "replace", replace_then_corrupt)
    with pytest.raises(archive.ArchiveMismatch, match="does not match the SHA-256 it was saved under"):
        land(s, "hr_workforce")
    monkeypatch.setattr(archive.os, "replace", real_replace)
    # Nothing was recorded, so the next run processes the file again (and archives it right).
    assert query(s, "select count(*) from audit.ingest_manifest") == [(0,)]
    out = land(s, "hr_workforce")["hr_workforce"]
    assert [f.status for f in out.files] == ["loaded"]


def test_asset_metadata_lists_files_warnings_and_skipped_files(make_settings, monkeypatch):
    s, now = messy_landing_settling_notes(make_settings, monkeypatch)
    out = land(s, "hr_workforce", now=now)["hr_workforce"]
    folder = s.raw_dir / "hr_workforce"
    # Processing order: names that break the rule first, then by as-of date and version.
    assert files_metadata(out) == [
        {
            "file": "~$hr_workforce_2023-09-30.xlsx",
            "status": "rejected",
            "landed": 0,
            "quarantined": 0,
            "sha256": hashlib.sha256((folder / "~$hr_workforce_2023-09-30.xlsx").read_bytes()).hexdigest(),
            "reason": LOCK_FILE,
        },
        {
            "file": "hr_workforce_2023-09-30.csv",
            "status": "loaded",
            "landed": 1,
            "quarantined": 0,
            "sha256": hashlib.sha256((folder / "hr_workforce_2023-09-30.csv").read_bytes()).hexdigest(),
            "reason": "",
        },
    ]
    metadata = outcome_metadata(out)
    assert (metadata["files_rejected"], metadata["files_skipped"]) == (1, 1)
    assert json.loads(metadata["skipped_files"]) == [
        "hr_workforce/notes.txt: skipped: modified 5 s ago, still being written?"
    ]
    assert [w.split(":")[0] for w in json.loads(metadata["landing_warnings"])] == [
        "hr_workforce/old",
        "hr_workforce_2023-12-31.csv",
        "payroll",
    ]


def test_landing_warnings_returns_this_runs_warnings_for_the_summary(make_settings, monkeypatch):
    s, now = messy_landing_settling_notes(make_settings, monkeypatch)
    land(s, "hr_workforce", now=now)
    with duckdb.connect(str(s.warehouse_path), read_only=True) as con:
        assert [(w.kind, w.text) for w in landing_warnings(con, "test-run")] == [
            ("skipped", "hr_workforce/notes.txt: skipped: modified 5 s ago, still being written?"),
            ("warning", "hr_workforce/old: subfolder is not read: exports must sit directly in hr_workforce/"),
            (
                "warning",
                "hr_workforce_2023-12-31.csv: file at the top of the landing folder belongs to no source: "
                f"move it into its source's folder ({KNOWN})",
            ),
            ("warning", f"payroll: folder is not a known source, its files are not read (known: {KNOWN})"),
        ]
        assert landing_warnings(con, "another-run") == []


def test_the_sensor_fingerprint_waits_for_files_to_settle_and_sees_stray_entries(make_settings, monkeypatch):
    monkeypatch.setenv("EQUITY_SETTLE_SECONDS", "60")
    s = make_settings()
    sources = KNOWN.split(", ")
    now = dt.datetime(2026, 12, 1, 20, 0, tzinfo=dt.UTC)
    empty = landing_fingerprint(s, sources, now)
    stage_case(s, "utf8_names")
    path = s.raw_dir / "hr_workforce" / "hr_workforce_2023-09-30.csv"
    os.utime(path, (now.timestamp() - 12, now.timestamp() - 12))
    # Still being written: a run now would skip it, so the sensor does not start one...
    assert landing_fingerprint(s, sources, now) == empty
    # ...until it has settled, when the run that loads it starts.
    later = now + dt.timedelta(seconds=49)
    settled = landing_fingerprint(s, sources, later)
    assert settled != empty
    (s.raw_dir / "payroll").mkdir()  # a warning the run would report
    assert landing_fingerprint(s, sources, later) != settled
