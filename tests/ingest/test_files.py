"""Pure file-level rules: naming, versions, encodings."""

import datetime as dt

import pytest

from equity_pipeline.ingest.files import FileRejected, decode_text, parse_export_name


def test_name_without_suffix_is_version_1() -> None:
    name = parse_export_name("training_roster", "training_roster_2023-09-30.csv", ("csv",))
    assert (name.as_of, name.version, name.fmt) == (dt.date(2023, 9, 30), 1, "csv")


def test_version_suffix_and_upper_case_extension() -> None:
    name = parse_export_name("wc_claims", "wc_claims_2024-06-30_v12.XLSX", ("csv", "xlsx"))
    assert (name.version, name.fmt) == (12, "xlsx")


@pytest.mark.parametrize(
    ("file_name", "message"),
    [
        ("training_roster_2023-9-30.csv", "naming rule"),
        ("training_roster_2023-09-30_final.csv", "naming rule"),
        ("roster_2023-09-30.csv", "naming rule"),
        ("training_roster_2023-02-29.csv", "impossible as-of date 2023-02-29"),
        ("training_roster_2023-09-30.xlsx", "format .xlsx is not accepted"),
        ("training_roster_2023-09-30_v0.csv", "_v1 or higher"),
    ],
)
def test_bad_names_are_rejected_with_the_reason(file_name: str, message: str) -> None:
    with pytest.raises(FileRejected, match=message):
        parse_export_name("training_roster", file_name, ("csv",))


def test_decoding_prefers_utf8_then_bom_then_windows_1252() -> None:
    assert decode_text("Qaġġun".encode()) == ("Qaġġun", "utf-8")
    assert decode_text(b"\xef\xbb\xbfJos\xc3\xa9") == ("José", "utf-8-sig")
    assert decode_text("Ñunez".encode("cp1252")) == ("Ñunez", "windows-1252")


def test_bytes_neither_encoding_reject_the_file_naming_the_offset() -> None:
    with pytest.raises(FileRejected, match=r"byte 0x81 at offset 3 is not UTF-8"):
        decode_text(b"Jos\x81\x8d")


def test_bom_with_invalid_utf8_is_rejected_not_guessed() -> None:
    with pytest.raises(FileRejected, match="byte-order mark but is not valid UTF-8"):
        decode_text(b"\xef\xbb\xbfJos\xe9")


def test_nul_bytes_reject_the_file() -> None:
    with pytest.raises(FileRejected, match="NUL"):
        decode_text(b"a,b\x00c")
