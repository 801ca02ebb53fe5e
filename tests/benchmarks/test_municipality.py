"""The refresh benchmark's municipality and scenario, at small sizes (no refresh runs here: too slow for CI).

tests/e2e/test_sample_pipeline.py checks that the generator's sample equals data_raw/ byte for byte; here,
that the municipality at 2,600 employees is that sample too (the extra draws of larger sizes left it alone).
"""

from __future__ import annotations

import datetime as dt
import filecmp
from pathlib import Path

import pytest

from benchmarks import bench_report, municipality
from equity_pipeline.contracts import all_contracts
from equity_pipeline.ingest.files import parse_export_name

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SMALL, LARGER = 1300, 5200  # half and twice the sample: quick to generate


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> dict[int, Path]:
    out = {}
    for employees in (SMALL, LARGER):
        folder = tmp_path_factory.mktemp(f"municipality-{employees}")
        municipality.generate_municipality(folder, employees)
        out[employees] = folder
    return out


def test_municipality_at_the_samples_size_is_the_sample(tmp_path):
    municipality.generate_municipality(tmp_path, municipality.SAMPLE_EMPLOYEES)
    for source in all_contracts():
        names = sorted(p.name for p in (PROJECT_ROOT / "data_raw" / source).iterdir())
        assert sorted(p.name for p in (tmp_path / source).iterdir()) == names
        _, mismatch, errors = filecmp.cmpfiles(
            tmp_path / source, PROJECT_ROOT / "data_raw" / source, names, shallow=False
        )
        assert mismatch == errors == [], source


def test_scales_follow_the_workforce_but_cap_the_boards():
    assert municipality.scales(2600) == {"scale": 1.0, "training_scale": 1.0, "board_scale": 1.0}
    la = municipality.scales(50_000)
    assert la["scale"] == la["training_scale"] == pytest.approx(50_000 / 2600)
    assert la["board_scale"] == municipality.BOARD_SCALE_CAP


def test_volumes_grow_with_the_workforce_and_boards_stay_a_few_hundred_seats(corpora):
    small, larger = (municipality.volumes(corpora[n]) for n in (SMALL, LARGER))
    for source in ("hr_workforce", "wc_claims", "language_access"):
        assert larger[source]["rows"] > 3 * small[source]["rows"], source  # 4x the workforce
    # Training attendance grows with the workforce: more sessions above the sample's size (at or below it,
    # the sample's ~4,000 lines; the published table's planned quarters do not grow).
    assert larger["training_roster"]["rows"] > 1.5 * small["training_roster"]["rows"]
    seats = larger["board_roster"]["rows"] / larger["board_roster"]["files"]
    assert 200 <= seats <= 500
    assert larger["all"]["files"] == small["all"]["files"] == 182


def test_held_back_files_are_the_newest_monthly_and_quarterly_exports(corpora):
    held = municipality.held_back(corpora[SMALL])
    assert sorted(map(str, held)) == [
        "hr_workforce/hr_workforce_2025-12-31.csv",
        "language_access/language_access_2025-12-31.csv",
        "wc_claims/wc_claims_2025-12-31.csv",
    ]


def test_full_refresh_sees_all_but_the_held_back_and_incremental_adds_them(corpora, tmp_path):
    corpus, raw = corpora[SMALL], tmp_path / "raw"
    held = municipality.stage_full(corpus, raw)
    every = {p.relative_to(corpus) for p in corpus.rglob("*") if p.is_file()}
    assert {p.relative_to(raw) for p in raw.rglob("*") if p.is_file()} == every - set(held)
    municipality.add_held_back(corpus, raw, held)
    assert {p.relative_to(raw) for p in raw.rglob("*") if p.is_file()} == every


def test_correction_is_a_v2_of_a_mid_history_training_export_with_a_few_rows_changed(corpora, tmp_path):
    raw = tmp_path / "raw"
    municipality.stage_full(corpora[SMALL], raw)
    path = municipality.write_correction(raw)
    name = parse_export_name("training_roster", path.name, all_contracts()["training_roster"].formats)
    assert (name.version, name.as_of) == (2, dt.date(2023, 12, 31))
    original = (raw / "training_roster" / municipality.CORRECTED_EXPORT).read_text().splitlines()
    corrected = path.read_text().splitlines()
    assert len(original) == len(corrected)
    changed = [(a, b) for a, b in zip(original, corrected, strict=True) if a != b]
    assert len(changed) == municipality.CORRECTED_ROWS
    assert all(a.replace("Completed", "No-Show") == b for a, b in changed)


def test_report_marks_targets_met_or_missed():
    steps = {
        "full": bench_report.Step("full", 50.0, 80.0, 900.0, 0),
        "baseline": bench_report.Step("baseline", 20.0, 20.0, 500.0, 0),
        "no-op": bench_report.Step("no-op", 12.0, 10.0, 400.0, 0),
    }
    bench_report.assess(steps)
    assert [t["met"] for t in steps["full"].targets] == [True, False, True]  # 60 s; 2.5x the baseline; RSS
    assert [t["met"] for t in steps["no-op"].targets] == [False, True]
    assert steps["baseline"].targets == []


def test_growth_compares_the_full_refresh_with_the_rows_ratio():
    def size(employees: int, rows: int, wall: float) -> dict:
        return {"employees": employees, "volumes": {"all": {"rows": rows}}, "steps": {"full": {"wall_s": wall}}}

    (row,) = bench_report.growth([size(200_000, 400, 50.0), size(50_000, 100, 10.0)])
    assert (row["from_employees"], row["to_employees"], row["rows_ratio"]) == (50_000, 200_000, 4.0)
    assert row["wall_ratio"] == {"full": 5.0}
    assert row["target"]["limit"] == 4.5 and row["target"]["met"] is False
    assert bench_report.growth([size(50_000, 100, 10.0)]) == []
