"""A municipality of a given size in employees, FY2021-FY2025, and the refresh benchmark's scenario on it.

The seeded sample generator sizes everything by one `scale` (1 = Anchorage, 2,600 employees). A real
city's volumes do not all grow alike: the HR snapshots, the claims (every monthly loss run re-lists
every claim ever opened) and the language-access requests grow with the workforce, and so does the
training attendance (more sessions, in proportion); the boards do not: a city of 50,000 employees
still has a few hundred seats, not thousands. At 2,600 employees the corpus is the committed sample,
byte for byte.

The scenario: the full refresh sees the whole history except the newest export of each monthly source
and the newest quarterly HR snapshot (held back); "incremental" copies those in; "correction" adds a
`_v2` of a mid-history training export with a few attendance rows changed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pandas as pd

from equity_pipeline.contracts import all_contracts
from equity_pipeline.ingest.files import parse_export_name
from equity_pipeline.sample_data.common import Expected, write_csv
from equity_pipeline.sample_data.generator import generate

SAMPLE_EMPLOYEES = 2600  # the sample's workforce at scale 1
# Boards grow with a city only so far: twice the sample's 20 boards (about 380 seats) is a large city's.
BOARD_SCALE_CAP = 2.0
HELD_BACK_SOURCES = ("wc_claims", "language_access", "hr_workforce")  # monthly, monthly, the quarterly HR
# FY2023 Q4 (the fiscal year is the calendar year): mid-history, and a quarter with drawn attendance.
# The roster before it, FY2023 Q2 (2023-06-30), reproduces the published table's quarter without
# activity, whose only rows are a cancelled session's, so there is no attendance in it to correct.
CORRECTED_EXPORT = "training_roster_2023-12-31.csv"
CORRECTED_ROWS = 3  # attendance rows the correction turns from Completed into No-Show


def scales(employees: int) -> dict[str, float]:
    """The generator's scales for a workforce of `employees`."""
    scale = employees / SAMPLE_EMPLOYEES
    return {"scale": scale, "training_scale": max(1.0, scale), "board_scale": min(scale, BOARD_SCALE_CAP)}


def generate_municipality(out_dir: Path, employees: int, seed: int = 2023) -> dict[str, Expected]:
    """Write the FY2021-FY2025 exports of a municipality of `employees` under out_dir (the sample at 2,600)."""
    sizes = scales(employees)
    return generate(
        out_dir, seed, sizes["scale"], training_scale=sizes["training_scale"], board_scale=sizes["board_scale"]
    )


def _exports(folder: Path, source: str) -> list[Path]:
    return sorted(p for p in (folder / source).iterdir() if p.is_file())


def held_back(corpus: Path) -> list[Path]:
    """The files the full refresh does not see, relative to corpus: each held-back source's newest as-of date
    (every version of it)."""
    held = []
    for source in HELD_BACK_SOURCES:
        formats = all_contracts()[source].formats
        named = {p: parse_export_name(source, p.name, formats).as_of for p in _exports(corpus, source)}
        newest = max(named.values())
        held += [p.relative_to(corpus) for p, as_of in named.items() if as_of == newest]
    return held


def stage_full(corpus: Path, raw: Path) -> list[Path]:
    """Copy the corpus into raw, less the held-back files; return those (relative paths)."""
    held = held_back(corpus)
    skipped = {corpus / p for p in held}
    shutil.copytree(corpus, raw, ignore=lambda folder, names: [n for n in names if Path(folder, n) in skipped])
    return held


def add_held_back(corpus: Path, raw: Path, held: list[Path]) -> None:
    """The incremental step's delivery: the held-back exports copied into raw."""
    for relative in held:
        shutil.copy2(corpus / relative, raw / relative)


def correction_name() -> str:
    """The correcting file's name: the corrected export's, with `_v2`."""
    return CORRECTED_EXPORT.replace(".csv", "_v2.csv")


def write_correction(raw: Path) -> Path:
    """Write the `_v2` of CORRECTED_EXPORT into raw, with CORRECTED_ROWS attendance rows changed; return it."""
    original = raw / "training_roster" / CORRECTED_EXPORT
    crlf = b"\r\n" in original.read_bytes()[:4096]
    roster = pd.read_csv(original, dtype=str, keep_default_na=False)
    completed = roster.index[roster["attendance_status"] == "Completed"][:CORRECTED_ROWS]
    if len(completed) < CORRECTED_ROWS:
        raise ValueError(f"{CORRECTED_EXPORT} has fewer than {CORRECTED_ROWS} Completed rows to correct")
    roster.loc[completed, "attendance_status"] = "No-Show"
    path = original.with_name(correction_name())
    write_csv(roster, path, crlf=crlf)
    return path


def _data_rows(path: Path) -> int:
    """Data rows of one export (the header not counted)."""
    if path.suffix.lower() == ".xlsx":
        book = openpyxl.load_workbook(path, read_only=True)
        try:
            return book.active.max_row - 1
        finally:
            book.close()
    data = path.read_bytes()
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    return max(lines - 1, 0)


def volumes(folder: Path) -> dict[str, dict[str, int]]:
    """Files, data rows and bytes per source under folder, and their total (key "all")."""
    out = {}
    for source in all_contracts():
        files = _exports(folder, source) if (folder / source).is_dir() else []
        out[source] = {
            "files": len(files),
            "rows": sum(_data_rows(p) for p in files),
            "bytes": sum(p.stat().st_size for p in files),
        }
    out["all"] = {k: sum(v[k] for v in out.values()) for k in ("files", "rows", "bytes")}
    return out
