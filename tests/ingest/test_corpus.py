"""The bad-input corpus (tests/fixtures/ingest/): one small file per rule of raw-exports.md,
each with the exact outcome a correct loader must produce."""

from __future__ import annotations

import hashlib
import hmac

from tests.conftest import TEST_KEY, land, quarantined, query, stage_case

NOT_A_DATE = "not a valid date (expected YYYY-MM-DD or MM/DD/YYYY)"


def manifest(settings, source="hr_workforce"):
    return query(
        settings,
        "select file_name, status, rows_landed, rows_quarantined, message from audit.ingest_manifest "
        "where source = ? order by processed_at, file_name",
        [source],
    )


def test_utf8_names_round_trip_exactly(make_settings):
    s = make_settings()
    stage_case(s, "utf8_names")
    out = land(s, "hr_workforce")["hr_workforce"]
    assert [(f.status, f.encoding, f.rows_landed) for f in out.files] == [("loaded", "utf-8", 3)]
    assert query(s, "select first_name from landed.hr_workforce order by _line") == [("José",), ("Ñunez",), ("Qaġġun",)]


def test_utf8_bom_is_stripped_before_the_header_is_matched(make_settings):
    s = make_settings()
    stage_case(s, "utf8_bom")
    out = land(s, "hr_workforce")["hr_workforce"]
    assert [(f.status, f.encoding, f.rows_landed) for f in out.files] == [("loaded", "utf-8-sig", 3)]
    assert query(s, "select employee_id, first_name from landed.hr_workforce order by _line")[2] == (
        "E000003",
        "Qaġġun",
    )


def test_windows_1252_file_decodes_accents_exactly(make_settings):
    s = make_settings()
    stage_case(s, "cp1252")
    out = land(s, "hr_workforce")["hr_workforce"]
    assert [(f.status, f.encoding, f.rows_landed) for f in out.files] == [("loaded", "windows-1252", 2)]
    assert query(s, "select first_name from landed.hr_workforce order by _line") == [("José",), ("Ñunez Zoë",)]


def test_crlf_quoting_blank_lines_and_physical_line_numbers(make_settings):
    s = make_settings(threshold=1.0)
    stage_case(s, "crlf_quoting")
    out = land(s, "hr_workforce")["hr_workforce"].files[0]
    assert (out.status, out.rows_total, out.rows_landed, out.rows_quarantined) == ("loaded", 4, 3, 1)
    assert query(s, "select _line, first_name from landed.hr_workforce order by _line") == [
        (2, "Smith, Jr."),
        (4, 'Ann "Nan" Lee'),
        (5, "Line one\r\nline two"),
    ]
    # The bad row comes after a two-line record, two blank lines and an all-empty row: line 9.
    assert quarantined(s) == [
        (
            9,
            "eeo4_job_category",
            "not one of: Officials and Administrators, Professionals, "
            "Technicians, Protective Service Workers, Paraprofessionals, Administrative Support, "
            "Skilled Craft Workers, Service-Maintenance",
        )
    ]


def test_us_and_iso_dates_and_canonical_spelling(make_settings):
    s = make_settings()
    stage_case(s, "us_dates")
    land(s, "hr_workforce")
    rows = query(
        s,
        "select hire_date::varchar, termination_date::varchar, termination_type "
        "from landed.hr_workforce order by _line",
    )
    assert rows == [("2023-09-14", None, None), ("2023-09-14", "2023-12-31", "Voluntary")]


def test_impossible_date_quarantines_the_row_with_line_column_and_reason(make_settings):
    s = make_settings(threshold=1.0)
    stage_case(s, "impossible_date")
    out = land(s, "hr_workforce")["hr_workforce"].files[0]
    assert (out.rows_landed, out.rows_quarantined) == (1, 1)
    assert quarantined(s) == [(2, "hire_date", NOT_A_DATE)]
    raw = query(s, "select file_name, raw_record from audit.quarantine")
    assert raw == [("hr_workforce_2023-09-30.csv", "E000001,APD,Professionals,Full-Time,1,02/30/2023,,,A")]


def test_unknown_values_quarantined_known_values_any_case_canonicalised(make_settings):
    s = make_settings(threshold=1.0)
    stage_case(s, "unknown_values")
    land(s, "hr_workforce")
    assert [r[:2] for r in quarantined(s)] == [(2, "eeo4_job_category")]
    assert query(s, "select eeo4_job_category, employment_type from landed.hr_workforce") == [
        ("Professionals", "Full-Time")
    ]


def test_missing_required_column_rejects_the_file(make_settings):
    s = make_settings()
    stage_case(s, "missing_required_column")
    land(s, "hr_workforce")
    assert manifest(s) == [("hr_workforce_2023-09-30.csv", "rejected", 0, 0, "missing required column(s): fte")]
    assert query(s, "select count(*) from landed.hr_workforce") == [(0,)]


def test_extra_columns_are_ignored_and_reported_as_drift(make_settings):
    s = make_settings()
    stage_case(s, "extra_column")
    out = land(s, "hr_workforce")["hr_workforce"]
    assert out.files[0].status == "loaded"
    assert out.drift_warnings == ["hr_workforce_2023-09-30.csv: unknown column(s) union_local, badge color"]
    assert "schema drift" in manifest(s)[0][4]


def test_headers_match_case_insensitively_in_any_order(make_settings):
    s = make_settings()
    stage_case(s, "header_case_order")
    land(s, "hr_workforce")
    assert query(s, "select employee_id, fte::double, employment_type, eeo4_job_category from landed.hr_workforce") == [
        ("E000001", 0.75, "Part-Time", "Technicians")
    ]


def test_byte_identical_redelivery_under_another_name_is_not_loaded_twice(make_settings):
    s = make_settings()
    stage_case(s, "redelivered")
    land(s, "hr_workforce")
    assert [r[:3] for r in manifest(s)] == [
        ("hr_workforce_2023-09-30.csv", "loaded", 1),
        ("hr_workforce_2023-10-31.csv", "duplicate", 0),
    ]
    assert "byte-identical to hr_workforce_2023-09-30.csv" in manifest(s)[1][4]
    assert query(s, "select count(*) from landed.hr_workforce") == [(1,)]


def test_v2_correction_replaces_the_earlier_file_entirely(make_settings):
    s = make_settings()
    stage_case(s, "correction_v2")
    land(s, "hr_workforce")
    rows = query(
        s,
        "select file_name, status, superseded_by_file, superseded_by_sha256, file_sha256 "
        "from audit.ingest_manifest order by file_name",
    )
    assert rows[0][:2] == ("hr_workforce_2023-09-30.csv", "superseded")
    assert rows[0][2:4] == ("hr_workforce_2023-09-30_v2.csv", rows[1][4])
    assert rows[1][:2] == ("hr_workforce_2023-09-30_v2.csv", "loaded")
    assert query(s, "select employee_id, department_code, _version from landed.hr_workforce order by 1") == [
        ("E000001", "PW", 2),
        ("E000002", "APD", 2),
    ]


def test_older_version_arriving_after_a_newer_one_is_superseded_on_arrival(make_settings):
    s = make_settings()
    stage_case(s, "correction_v2")
    (s.raw_dir / "hr_workforce" / "hr_workforce_2023-09-30.csv").rename(s.raw_dir / "late_v1.csv")
    land(s, "hr_workforce")
    (s.raw_dir / "late_v1.csv").rename(s.raw_dir / "hr_workforce" / "hr_workforce_2023-09-30.csv")
    land(s, "hr_workforce")
    assert [r[:3] for r in manifest(s)] == [
        ("hr_workforce_2023-09-30_v2.csv", "loaded", 2),
        ("hr_workforce_2023-09-30.csv", "superseded", 0),
    ]
    assert query(s, "select count(*), max(_version) from landed.hr_workforce") == [(2, 2)]


def test_overwritten_file_with_new_content_supersedes_and_both_versions_are_archived(make_settings):
    s = make_settings()
    stage_case(s, "overwritten_first")
    land(s, "hr_workforce")
    stage_case(s, "overwritten_second")
    land(s, "hr_workforce")
    rows = query(s, "select file_name, status, rows_landed from audit.ingest_manifest order by processed_at")
    assert rows == [
        ("hr_workforce_2023-09-30.csv", "superseded", 2),
        ("hr_workforce_2023-09-30.csv", "loaded", 1),
    ]
    assert query(s, "select employee_id, department_code from landed.hr_workforce") == [("E000001", "AFD")]
    shas = {r[0] for r in query(s, "select file_sha256 from audit.ingest_manifest")}
    assert {p.stem for p in (s.archive_dir / "hr_workforce").iterdir()} == shas


def test_reprocessing_the_same_files_is_a_no_op(make_settings):
    s = make_settings()
    stage_case(s, "utf8_names")
    land(s, "hr_workforce")
    again = land(s, "hr_workforce")["hr_workforce"]
    assert again.files == []
    assert query(s, "select count(*) from landed.hr_workforce") == [(3,)]


def test_more_than_5_percent_invalid_quarantines_the_whole_file(make_settings):
    s = make_settings()
    stage_case(s, "over_threshold")
    land(s, "hr_workforce")
    (row,) = manifest(s)
    assert row[:4] == ("hr_workforce_2023-09-30.csv", "quarantined", 0, 2)
    assert row[4] == "2 of 20 rows invalid (10.0%), over the 5% threshold: whole file quarantined"
    assert quarantined(s) == [(20, "fte", "fte must be in (0, 1]"), (21, "hire_date", NOT_A_DATE)]
    assert query(s, "select count(*) from landed.hr_workforce") == [(0,)]


def test_exactly_5_percent_invalid_still_loads_the_good_rows(make_settings):
    s = make_settings()
    stage_case(s, "at_threshold")
    land(s, "hr_workforce")
    assert manifest(s)[0][:4] == ("hr_workforce_2023-09-30.csv", "loaded", 19, 1)


def test_undecodable_file_is_rejected_never_loaded_with_replacement_characters(make_settings):
    s = make_settings()
    stage_case(s, "undecodable")
    land(s, "hr_workforce")
    (row,) = manifest(s)
    assert row[1] == "rejected"
    assert "neither UTF-8 nor Windows-1252" in row[4] and "0x81" in row[4]
    assert query(s, "select count(*) from landed.hr_workforce") == [(0,)]


def test_badly_named_files_are_rejected_with_a_clear_message(make_settings):
    s = make_settings()
    stage_case(s, "bad_names")
    land(s, "hr_workforce")
    rows = {r[0]: (r[1], r[4]) for r in manifest(s)}
    assert rows["hr_export_september.csv"] == (
        "rejected",
        "file name does not follow the naming rule: expected hr_workforce_<YYYY-MM-DD>[_v<N>].csv",
    )
    assert rows["hr_workforce_2023-02-30.csv"] == ("rejected", "file name carries an impossible as-of date 2023-02-30")
    assert rows["hr_workforce_2023-09-30.xlsx"][0] == "rejected"
    assert rows["hr_workforce_2023-09-30.xlsx"][1].startswith("format .xlsx is not accepted for hr_workforce")


def test_ragged_rows_and_unclosed_quotes_are_quarantined_per_row(make_settings):
    s = make_settings(threshold=1.0)
    stage_case(s, "ragged_rows")
    land(s, "hr_workforce")
    assert [(line, reason) for line, _, reason in quarantined(s)] == [
        (2, "expected 9 fields, found 10"),
        (3, "expected 9 fields, found 6"),
        # Issue 8: the unclosed quote swallows line 5, which counts as an invalid row too.
        (4, "unclosed quote at line 4 swallows lines 4-5"),
        (5, "swallowed by the unclosed quote at line 4"),
    ]


def test_conditional_requirement_and_cross_column_rule(make_settings):
    s = make_settings(threshold=1.0)
    stage_case(s, "conditional_rules")
    land(s, "hr_workforce")
    assert quarantined(s) == [
        (2, "termination_type", "required when termination_date is not null"),
        (3, "termination_date", "termination_date is before hire_date"),
    ]
    assert query(s, "select employee_id, termination_type from landed.hr_workforce") == [("E000003", "Retirement")]


def test_ids_keep_leading_zeros_and_are_keyed_hashed(make_settings):
    s = make_settings()
    stage_case(s, "leading_zeros")
    land(s, "hr_workforce")
    expected = hmac.new(TEST_KEY.encode(), b"000123", hashlib.sha256).hexdigest()
    assert query(s, "select employee_id, employee_id_key from landed.hr_workforce") == [("000123", expected)]


def test_claims_flags_money_and_claim_rules(make_settings):
    s = make_settings(threshold=1.0)
    stage_case(s, "claims_rules")
    land(s, "wc_claims")
    assert query(
        s,
        "select claim_number, osha_recordable, paid_medical::varchar, paid_indemnity::varchar, "
        "reserve_medical::varchar "
        "from landed.wc_claims order by 1",
    ) == [("WC-1", True, "1234.50", "200.00", "1000.00"), ("WC-2", False, "100.25", "0.00", "0.00")]
    assert quarantined(s, "wc_claims") == [
        (4, "osha_outcome", "required when osha_recordable"),
        (5, "reserve_medical", "reserve_medical must be 0 on a Closed claim"),
        (6, "paid_medical", "negative amount not allowed"),
        (7, "injury_date", "injury_date is after the export's as-of date"),
        (8, "closed_date", "required when status = 'Closed'"),
        (8, "osha_recordable", "not a flag (expected Y/N, Yes/No, TRUE/FALSE or 1/0)"),
        (8, "reported_date", "reported_date is before injury_date"),
    ]


def test_languages_by_code_or_name_and_local_timestamps(make_settings):
    s = make_settings(threshold=1.0)
    stage_case(s, "language_rules")
    land(s, "language_access")
    assert query(
        s, "select request_id, language, strftime(received_at, '%Y-%m-%d %H:%M') from landed.language_access order by 1"
    ) == [
        ("R1", "spa", "2023-09-14 22:05"),
        # 14:05 in Anchorage (AKDT, UTC-8) is the same instant as R1's explicit offset.
        ("R2", "spa", "2023-09-14 22:05"),
        ("R3", "ypk", "2023-09-14 16:00"),
        ("R4", "ase", "2023-09-14 16:00"),
    ]
    assert quarantined(s, "language_access") == [
        (6, "language", "not a language in ISO 639-3 (code or English name)"),
        (7, "fulfilled_at", "required when status in ('Fulfilled', 'Partially Fulfilled')"),
        (8, "needed_by", "needed_by is before received_at"),
    ]


def test_board_seats_conditional_members_races_and_duplicate_seats(make_settings):
    s = make_settings(threshold=1.0)
    stage_case(s, "board_rules")
    land(s, "board_roster")
    assert query(s, "select seat_id, status, race_ethnicity from landed.board_roster order by 1") == [
        ("01", "Vacant", None),
        ("02", "Filled", "Asian; White"),
    ]
    assert quarantined(s, "board_roster") == [
        (4, "member_id", "required when status <> 'Vacant'"),
        (5, "race_ethnicity", "Declined to State cannot be combined with other values"),
        (5, "term_end", "term_end must be after term_start"),
        (6, "board_code, seat_id", "duplicate key within the file"),
        (7, "board_code, seat_id", "duplicate key within the file"),
    ]


def test_training_attendee_and_headcount_rules(make_settings):
    s = make_settings(threshold=1.0)
    stage_case(s, "training_rules")
    land(s, "training_roster")
    assert query(s, "select session_id, _line, headcount from landed.training_roster order by 2") == [
        ("S1", 2, None),
        ("S2", 5, 250),
    ]
    assert quarantined(s, "training_roster") == [
        (3, "attendee_id", "required when attendee_type in ('Employee', 'Contractor')"),
        (4, "headcount", "headcount must be an integer >= 0, and only on Community rows with a blank attendee_id"),
        (6, "headcount", "headcount must be an integer >= 0, and only on Community rows with a blank attendee_id"),
    ]


def test_xlsx_loss_run_with_real_dates_and_text_ids(make_settings):
    s = make_settings(threshold=1.0)
    stage_case(s, "xlsx_loss_run")
    out = land(s, "wc_claims")["wc_claims"].files[0]
    assert (out.status, out.encoding, out.rows_landed, out.rows_quarantined) == ("loaded", "xlsx", 2, 1)
    assert query(
        s,
        "select claim_number, employee_id, injury_date::varchar, paid_medical::varchar, _line "
        "from landed.wc_claims order by 1",
    ) == [("WC-10", "000777", "2024-05-02", "1500.50", 2), ("WC-12", "000779", "2024-06-01", "0.00", 5)]
    assert quarantined(s, "wc_claims") == [(4, "reported_date", "reported_date is before injury_date")]
