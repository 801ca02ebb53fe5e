"""File-level rules: naming, versions, hashing, encodings (raw-exports.md, common rules)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

UTF8_BOM = b"\xef\xbb\xbf"


class FileRejected(Exception):
    """The whole file breaks the contract.

    `reason` is a fixed phrase (built from the contract, the file name, offsets or counts,
    never from the file's content or an exception's text): it is what is published.
    `detail` (an exception's text, which may quote cell values) stays in the working
    warehouse's manifest message.
    """

    def __init__(self, reason: str, detail: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail

    @property
    def message(self) -> str:
        return f"{self.reason} ({self.detail})" if self.detail else self.reason


@dataclass(frozen=True)
class ExportName:
    """What a conforming file name says: `<source>_<YYYY-MM-DD>[_v<N>].<ext>`."""

    source: str
    as_of: dt.date
    version: int
    fmt: str


def parse_export_name(source: str, file_name: str, formats: tuple[str, ...]) -> ExportName:
    """Parse a file name against the naming rule, or raise FileRejected saying why."""
    expected = f"expected {source}_<YYYY-MM-DD>[_v<N>].{'|'.join(formats)}"
    pattern = rf"{re.escape(source)}_(\d{{4}}-\d{{2}}-\d{{2}})(?:_v(\d+))?\.([A-Za-z]+)"
    match = re.fullmatch(pattern, file_name)
    if not match:
        raise FileRejected(f"file name does not follow the naming rule: {expected}")
    date_text, version_text, ext = match.groups()
    try:
        as_of = dt.date.fromisoformat(date_text)
    except ValueError:
        raise FileRejected(f"file name carries an impossible as-of date {date_text}") from None
    fmt = ext.lower()  # Windows tools write .CSV as often as .csv
    if fmt not in formats:
        raise FileRejected(f"format .{ext} is not accepted for {source}: {expected}")
    version = int(version_text) if version_text else 1
    if version < 1:
        raise FileRejected("version suffix must be _v1 or higher")
    return ExportName(source=source, as_of=as_of, version=version, fmt=fmt)


def reject_future_as_of(as_of: dt.date, today: dt.date, max_days: int, timezone: str) -> None:
    """A name dated more than `max_days` after today is a typing slip, not an export.

    Left in, it would be the source's newest export for ever and mark every period complete.
    """
    if (as_of - today).days > max_days:
        raise FileRejected(
            f"as-of date {as_of.isoformat()} in the file name is more than {max_days} days after today "
            f"({today.isoformat()} in {timezone}): correct the date in the name"
        )


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_of_file(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in chunks (what sha256_of gives for the same bytes)."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


# A well-formed UTF-8 multi-byte character (RFC 3629: no overlongs, no surrogates, <= U+10FFFF).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a CSV's bytes as UTF-8 (with or without BOM) or Windows-1252.

    Returns (text, encoding). Never substitutes replacement characters: bytes
    that are neither encoding reject the file, naming the first bad offset.
    Windows-1252 is a fallback for files with no UTF-8 multi-byte character at all:
    one that holds some (Qaġġun) and fails is a UTF-8 file with a stray byte, and read as
    Windows-1252 its names would turn to mojibake (QaÄ¡Ä¡un), so it is rejected.
    """
    for bom in (b"\xff\xfe", b"\xfe\xff"):
        if data.startswith(bom):
            # Excel's "Unicode Text" (and some HR tools) write UTF-16: say so, not "NUL bytes".
            raise FileRejected(
                f"file is UTF-16 (byte-order mark 0x{bom.hex()}), e.g. Excel's Unicode Text: "
                "deliver it as CSV (UTF-8 or Windows-1252)"
            )
    nul = data.find(b"\x00")
    if nul >= 0:
        raise FileRejected(f"file contains NUL bytes (offset {nul}): not a text CSV")
    if data.startswith(UTF8_BOM):
        try:
            return data[len(UTF8_BOM) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise FileRejected(
                f"file starts with a UTF-8 byte-order mark but is not valid UTF-8 "
                f"(byte 0x{data[exc.start + 3]:02x} at offset {exc.start + 3})"
            ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        bad = utf8_error.start
        multibyte = _UTF8_MULTIBYTE.search(data)
        if multibyte:
            raise FileRejected(
                f"file is not valid UTF-8: byte 0x{data[bad]:02x} at offset {bad} is not UTF-8, yet the file "
                f"holds valid UTF-8 multi-byte characters (the first at offset {multibyte.start()}): "
                "a UTF-8 file with a stray byte, not decoded as Windows-1252"
            ) from None
        try:
            return data.decode("cp1252"), "windows-1252"
        except UnicodeDecodeError as cp_error:
            raise FileRejected(
                "file is neither UTF-8 nor Windows-1252: "
                f"byte 0x{data[bad]:02x} at offset {bad} is not UTF-8, and "
                f"byte 0x{data[cp_error.start]:02x} at offset {cp_error.start} is undefined in Windows-1252"
            ) from None
