"""Issue 8, items 3, 10-14 and 18: the values, quoting, headers and encodings real exports carry.

Each case of tests/fixtures/ingest/ (written by make_corpus.edge_cases_values) with its exact
outcome: status, rows landed and quarantined, line, column and reason.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from equity_pipeline.config import get_settings
from equity_pipeline.ingest.files import FileRejected, decode_text
from tests.conftest import land, quarantined, query, stage_case

FOUR_DIGITS = "year must have 4 digits"
BEFORE_1900 = "date before 1900-01-01"
AFTER_7_DAYS = "date more than 7 days after the export's as-of date"
FTE_RANGE = "fte must be in (0, 1]"


def manifest(settings, source="hr_workforce"):
    return query(
        settings,
        "select status, rows_total, rows_landed, rows_quarantined, drift_columns, message "
        "from audit.ingest_manifest where source = ? order by processed_at, file_name",
        [source],
    )


# Item 3 -------------------------------------------------------------------------------------


def test_two_digit_and_out_of_range_years_make_the_row_invalid(make_settings):
    s = make_settings(threshold=1.0)
    stage_case(s, "date_years")
    land(s, "hr_workforce")
    assert quarantined(s) == [
        (2, "hire_date", FOUR_DIGITS),  # 09/14/23
        (3, "hire_date", BEFORE_1900),  # 0023-09-14 has 4 digits, but is year 23
        (4, "birth_date", BEFORE_1900),  # 1899-12-31
        (5, "hire_date", AFTER_7_DAYS),  # 2023-10-08 = as-of 2023-09-30 + 8 days
        # 2024-10-01 = as-of + 367 days (2024 is a leap year); termination_date allows 366
        (8, "termination_date", "date more than 366 days after the export's as-of date"),
        (9, "hire_date", FOUR_DIGITS),  # 23-9-14
        (10, "hire_date", FOUR_DIGITS),  # 9/14/20233
    ]
    # 2023-10-07 (+7 days) and 1900-01-01 are inside the bounds; so is a retirement planned
    # for 2024-09-30 (+366 days).
    assert query(
        s, "select employee_id, hire_date::varchar, termination_date::varchar from landed.hr_workforce order by 1"
    ) == [("E000005", "2023-10-07", None), ("E000006", "2020-01-15", "2024-09-30")]
    assert manifest(s)[0][:4] == ("loaded", 9, 2, 7)


def test_timestamps_need_four_digit_years_and_plausible_dates(make_settings):
    s = make_settings(threshold=1.0)
    stage_case(s, "timestamp_years")
    land(s, "language_access")
    assert quarantined(s, "language_access") == [
        (2, "received_at", FOUR_DIGITS),  # 09/14/23 14:05
        (3, "received_at", FOUR_DIGITS),  # 23-09-14 08:00
        (4, "received_at", "not a valid timestamp (expected ISO 8601 or MM/DD/YYYY HH:MM)"),  # infinity
        (5, "received_at", AFTER_7_DAYS),  # 2023-10-08 08:00
    ]
    # needed_by may be months ahead (366 days), fulfilled_at up to 31 days after the as-of date.
    assert query(
        s,
        "select request_id, strftime(needed_by, '%Y-%m-%d'), strftime(fulfilled_at, '%Y-%m-%d') "
        "from landed.language_access order by 1",
    ) == [("R5", "2024-06-01", None), ("R6", None, "2023-10-12")]


def test_board_terms_may_end_years_ahead_but_not_decades(make_settings):
    s = make_settings(threshold=1.0)
    stage_case(s, "board_future_terms")
    land(s, "board_roster")
    # term_end allows 3,653 days (10 years): 2034-10-14 is 11 years after 2023-09-30.
    assert quarantined(s, "board_roster") == [(3, "term_end", "date more than 3653 days after the export's as-of date")]
    assert query(s, "select seat_id, term_start::varchar, term_end::varchar from landed.board_roster") == [
        ("01", "2023-10-15", "2026-10-14")
    ]


def test_date_bounds_are_configurable(make_settings, monkeypatch):
    s = make_settings(threshold=1.0)
    monkeypatch.setenv("EQUITY_MIN_DATE", "1950-01-01")
    monkeypatch.setenv("EQUITY_FUTURE_DAYS", "8")
    s = get_settings()
    stage_case(s, "date_years")
    land(s, "hr_workforce")
    reasons = {(line, reason) for line, _, reason in quarantined(s)}
    assert (4, "date before 1950-01-01") in reasons  # birth_date 1899-12-31
    assert (6, "date before 1950-01-01") in reasons  # birth_date 1900-01-01, valid under the default
    assert not any(line == 5 for line, _ in reasons)  # hire_date +8 days: allowed with 8


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("EQUITY_MIN_DATE", "01/01/1900", "EQUITY_MIN_DATE must be a date YYYY-MM-DD, got '01/01/1900'"),
        ("EQUITY_FUTURE_DAYS", "-1", "EQUITY_FUTURE_DAYS must be between 0 and 36600, got -1"),
    ],
)
def test_date_bound_settings_are_validated(monkeypatch, variable, value, message):
    monkeypatch.setenv(variable, value)
    with pytest.raises(ValueError) as err:
        get_settings()
    assert str(err.value) == message


# Item 10 ------------------------------------------------------------------------------------


def test_quotes_inside_an_unquoted_field_are_data(make_settings):
    s = make_settings()
    stage_case(s, "stray_quote_is_data")
    land(s, "hr_workforce")
    assert manifest(s) == [("loaded", 20, 20, 0, None, None)]
    assert query(s, "select first_name from landed.hr_workforce where _line <= 3 order by _line") == [
        ('Bob "Bobby" Smith',),
        ('O"Neil',),
    ]


def test_text_after_a_closing_quote_invalidates_that_row_only(make_settings):
    s = make_settings(threshold=1.0)
    stage_case(s, "text_after_closing_quote")
    land(s, "hr_workforce")
    assert quarantined(s) == [(3, None, "malformed CSV quoting (text after a closing quote)")]
    assert query(s, "select _line from landed.hr_workforce order by 1") == [(2,), (4,)]


def test_an_unclosed_quote_counts_every_swallowed_line_toward_the_threshold(make_settings):
    s = make_settings()
    stage_case(s, "unclosed_quote_runs_on")
    land(s, "hr_workforce")
    # 100 data lines (2-101); the quote opened at line 90 swallows 90-101: 12 lines, 12%.
    assert manifest(s) == [
        (
            "quarantined",
            100,
            0,
            12,
            None,
            "12 of 100 rows invalid (12.0%), over the 5% threshold: whole file quarantined",
        )
    ]
    rows = quarantined(s)
    assert rows[0] == (90, None, "unclosed quote at line 90 swallows lines 90-101")
    assert rows[1:] == [(line, None, "swallowed by the unclosed quote at line 90") for line in range(91, 102)]
    assert query(s, "select raw_record from audit.quarantine where line = 101") == [
        ("E000100,APD,Professionals,Full-Time,1,2020-01-15,,,A",)
    ]


def test_a_quote_closing_lines_later_invalidates_those_lines_and_the_next_row_lands(make_settings):
    s = make_settings(threshold=1.0)
    stage_case(s, "quote_closes_lines_later")
    land(s, "hr_workforce")
    assert quarantined(s) == [
        (3, None, "malformed CSV quoting in the record at lines 3-5, each line counted as an invalid row"),
        (4, None, "belongs to the invalid record starting at line 3"),
        (5, None, "belongs to the invalid record starting at line 3"),
    ]
    assert manifest(s)[0][:4] == ("loaded", 5, 2, 3)
    assert query(s, "select _line from landed.hr_workforce order by 1") == [(2,), (6,)]


def test_excel_for_mac_cr_line_endings(make_settings):
    s = make_settings()
    stage_case(s, "mac_cr_line_endings")
    land(s, "hr_workforce")
    assert manifest(s) == [("loaded", 3, 3, 0, None, None)]
    assert query(s, "select _line, employee_id, first_name from landed.hr_workforce order by 1") == [
        (2, "E000001", "A"),
        (3, "E000002", "A"),
        (4, "E000003", "A"),
    ]


# Item 11 ------------------------------------------------------------------------------------


def test_a_repeated_unknown_column_is_drift_reported_once(make_settings):
    s = make_settings()
    stage_case(s, "repeated_unknown_column")
    out = land(s, "hr_workforce")["hr_workforce"]
    assert out.drift_warnings == ["hr_workforce_2023-09-30.csv: unknown column(s) notes"]
    assert manifest(s) == [("loaded", 1, 1, 0, "notes", "schema drift: unknown column(s) notes ignored")]


def test_a_repeated_known_column_is_ambiguous_and_rejects_the_file(make_settings):
    s = make_settings()
    stage_case(s, "repeated_known_column")
    land(s, "hr_workforce")
    assert manifest(s) == [
        ("rejected", 0, 0, 0, None, "header repeats column(s): fte (ambiguous: which one holds the values?)")
    ]


def test_a_file_without_header_row_is_rejected_without_quoting_its_first_row(make_settings):
    s = make_settings()
    stage_case(s, "no_header_row")
    land(s, "hr_workforce")
    assert manifest(s) == [
        ("rejected", 0, 0, 0, None, "no header row: none of the expected column names found in line 1")
    ]


def test_a_header_row_with_an_unclosed_quote_is_rejected(make_settings):
    s = make_settings()
    stage_case(s, "header_unclosed_quote")
    land(s, "hr_workforce")
    assert manifest(s) == [("rejected", 0, 0, 0, None, "the header row (line 1) has malformed quoting")]


def test_blank_lines_before_the_header_are_skipped_and_lines_still_count(make_settings):
    s = make_settings()
    stage_case(s, "blank_lines_before_header")
    land(s, "hr_workforce")
    assert manifest(s) == [("loaded", 1, 1, 0, None, None)]
    assert query(s, "select _line, employee_id from landed.hr_workforce") == [(4, "E000001")]


def test_excel_sep_hint_line_is_skipped(make_settings):
    s = make_settings()
    stage_case(s, "excel_sep_hint")
    land(s, "hr_workforce")
    assert manifest(s) == [("loaded", 1, 1, 0, None, None)]
    assert query(s, "select _line, employee_id from landed.hr_workforce") == [(3, "E000001")]


def test_utf16_file_is_rejected_naming_the_encoding(make_settings):
    s = make_settings()
    stage_case(s, "utf16_unicode_text")
    land(s, "hr_workforce")
    assert manifest(s) == [
        (
            "rejected",
            0,
            0,
            0,
            None,
            "file is UTF-16 (byte-order mark 0xfffe), e.g. Excel's Unicode Text: "
            "deliver it as CSV (UTF-8 or Windows-1252)",
        )
    ]


# Item 12 ------------------------------------------------------------------------------------


def test_tabs_and_no_break_spaces_are_trimmed_like_spaces(make_settings):
    s = make_settings()
    stage_case(s, "padded_values")
    land(s, "hr_workforce")
    # Line 3 holds only a tab, a no-break space and a narrow no-break space: a blank row.
    assert manifest(s) == [("loaded", 2, 2, 0, None, None)]
    assert query(
        s,
        "select _line, employee_id, department_code, eeo4_job_category, employment_type, fte::varchar, "
        "hire_date::varchar, termination_date::varchar, termination_type, first_name "
        "from landed.hr_workforce order by 1",
    ) == [
        (2, "E000001", "APD", "Professionals", "Full-Time", "1.000000", "2020-01-15", None, None, "Ann"),
        (4, "E000002", "APD", "Technicians", "Part-Time", "0.500000", "2020-01-15", "2023-01-31", "Voluntary", "Bo"),
    ]


# Item 13 ------------------------------------------------------------------------------------


def test_numeric_bounds_compare_the_exact_value(make_settings):
    s = make_settings(threshold=1.0)
    stage_case(s, "exact_bounds")
    land(s, "hr_workforce")
    assert quarantined(s) == [
        (2, "fte", FTE_RANGE),  # 1.0000001 > 1
        (3, "fte", FTE_RANGE),  # 0.0000001 > 0, but stored at 6 decimals it is 0: not in (0, 1]
        (6, "fte", FTE_RANGE),  # 0.0000000
    ]
    assert query(s, "select employee_id, fte from landed.hr_workforce order by 1") == [
        ("E000003", Decimal("0.333333")),  # 0.3333333 rounds to the column's 6 decimals
        ("E000004", Decimal("1.000000")),  # 1.000000000: trailing zeros are the same value
    ]


# Item 14 ------------------------------------------------------------------------------------


def test_a_utf8_file_with_one_stray_latin1_byte_is_rejected_with_its_offset(make_settings):
    s = make_settings()
    stage_case(s, "utf8_stray_byte")
    land(s, "hr_workforce")
    # Offsets by hand: header 120 bytes + LF = 121; line 2 is 52 + "José" (5 bytes) + LF = 58,
    # so José's é starts at 121 + 52 + 3 = 176; line 3 is 52 + "Qaġġun" (8 bytes) + LF = 61;
    # line 4 starts at 121 + 58 + 61 = 240, and its 0xe9 follows 52 + "Ren" = 55 bytes: 295.
    assert manifest(s) == [
        (
            "rejected",
            0,
            0,
            0,
            None,
            "file is not valid UTF-8: byte 0xe9 at offset 295 is not UTF-8, yet the file holds valid "
            "UTF-8 multi-byte characters (the first at offset 176): a UTF-8 file with a stray byte, "
            "not decoded as Windows-1252",
        )
    ]


def test_a_real_windows_1252_file_with_curly_quotes_and_accents_still_loads(make_settings):
    s = make_settings()
    stage_case(s, "cp1252_punctuation")
    out = land(s, "hr_workforce")["hr_workforce"].files[0]
    assert (out.status, out.encoding, out.rows_landed) == ("loaded", "windows-1252", 2)
    assert query(s, "select first_name from landed.hr_workforce order by _line") == [
        ("AO\u2019Brien \u2013 José",),
        ("A\u201cZoë\u201d",),
    ]


def test_decode_text_in_both_directions():
    assert decode_text("Qaġġun".encode()) == ("Qaġġun", "utf-8")
    assert decode_text("José".encode("cp1252")) == ("José", "windows-1252")
    with pytest.raises(FileRejected) as err:
        decode_text("Qaġġun ".encode() + b"Jos\xe9")
    # "Qa" then ġ at offset 2; "Qaġġun " is 2 + 2 + 2 + 2 + 1 = 9 bytes, then "Jos": 0xe9 at 12.
    assert "byte 0xe9 at offset 12" in str(err.value) and "the first at offset 2" in str(err.value)


# Item 18 ------------------------------------------------------------------------------------


def test_xlsx_cells_are_read_like_csv_text(make_settings):
    s = make_settings(threshold=1.0)
    stage_case(s, "xlsx_values")
    land(s, "wc_claims")
    assert query(
        s,
        "select claim_number, employee_id, claimant_name, department_code, paid_medical::varchar, "
        "paid_indemnity::varchar, injury_nature, body_part, days_away, injury_date::varchar "
        "from landed.wc_claims order by 1",
    ) == [
        # 777 formatted 000000 shows as 000777; the NA words are text; 1234.5049999999999 is
        # Excel's 1234.505, 0.30000000000000004 is 0.3: both rounded to cents.
        ("WC-20", "000777", "NA", "PW", "1234.51", "0.30", "N/A", "null", 3, "2024-05-02")
    ]
    assert quarantined(s, "wc_claims") == [
        (3, None, "a cell holds an Excel error value (such as #N/A)"),
        (4, "days_away", "not a whole number"),  # 1E+20 is written out as 100000000000000000000
    ]
    assert query(s, "select raw_record from audit.quarantine where line = 4") == [
        ("30001,000779,,PW,2024-05-02,2024-05-02,Medical Only,N,Open,0,0,0,0,0,0,,,100000000000000000000",)
    ]
