"""The summary counts the files superseded by this run's files: by name *and* bytes, so a name
delivered again with other bytes does not also claim what its earlier bytes had superseded."""

import shutil

from equity_pipeline.contracts import all_contracts
from equity_pipeline.ingest.loader import connect_warehouse, ingest_source
from equity_pipeline.summary import summarize
from tests.conftest import CORPUS

V1, V2 = "hr_workforce_2023-09-30.csv", "hr_workforce_2023-09-30_v2.csv"


def ingestion_line(settings, run_id: str) -> list[str]:
    lines = summarize(settings, run_id).splitlines()
    return next(line for line in lines if line.startswith("hr_workforce")).split()


def test_an_overwritten_v2_supersedes_one_file_not_two(make_settings):
    s = make_settings()
    folder = s.raw_dir / "hr_workforce"
    folder.mkdir(parents=True)
    corpus = CORPUS / "correction_v2" / "hr_workforce"
    contract = all_contracts()["hr_workforce"]
    runs = [
        ("run-1", corpus / V1, V1),  # v1 loads
        ("run-2", corpus / V2, V2),  # v2 supersedes v1
        ("run-3", corpus / V1, V2),  # v2 overwritten with other bytes: supersedes the earlier v2 only
    ]
    lines = {}
    for run_id, source_file, name in runs:
        shutil.copy2(source_file, folder / name)  # keeps the corpus file's old mtime: settled
        with connect_warehouse(s) as con:
            ingest_source(con, contract, s, run_id)
        lines[run_id] = ingestion_line(s, run_id)
    # source, loaded, superseded, duplicate, rejected, quarantined, rows landed, rows quarantined
    assert [line[:3] for line in lines.values()] == [
        ["hr_workforce", "1", "0"],
        ["hr_workforce", "1", "1"],
        ["hr_workforce", "1", "1"],
    ]
