"""The hand-written DuckDB baseline (benchmarks/baseline_duckdb.py) computes what the pipeline publishes.

It runs on the session's sample refresh (tests/sample_run.py): the same raw folder, that run's
warehouse for its verdicts on files and rows, and that run's compiled dbt manifest. Its published
tables must equal the publication's, and its landed tables the run's; and compare must see a
single altered figure.
"""

import shutil

import duckdb
import pytest

from benchmarks.baseline.compare import compare_landed
from benchmarks.baseline_duckdb import compare, main, run_baseline
from equity_pipeline.contracts import all_contracts
from equity_pipeline.dbt_runtime import run_dbt
from equity_pipeline.publish.publisher import published_path


@pytest.fixture(scope="module")
def baseline(sample_run, tmp_path_factory) -> dict:
    settings = sample_run["settings"]
    tmp = tmp_path_factory.mktemp("baseline")
    (tmp / "work").mkdir()
    # The SQL compiled with the sample run's settings, in a folder of its own: the worker's build folder holds
    # whatever refresh it ran last, maybe with other thresholds (a test module's own settings).
    compiled = run_dbt(["compile"], settings, target_path=tmp / "target")
    assert compiled.returncode == 0, compiled.stdout[-2000:]
    with pytest.MonkeyPatch.context() as mp:
        # the run's key and timezone: the baseline reads them as the pipeline does, from the environment
        mp.setenv("EQUITY_PSEUDONYM_KEY", settings.pseudonym_key)
        mp.setenv("EQUITY_TIMEZONE", settings.timezone)
        seconds = run_baseline(
            settings.raw_dir,
            settings.warehouse_dir,
            tmp / "target" / "manifest.json",
            tmp / "baseline.duckdb",
            work_dir=tmp / "work",
        )
    return {"out": tmp / "baseline.duckdb", "work": tmp / "work" / "equity.duckdb", "seconds": seconds, "tmp": tmp}


def test_baseline_publishes_what_the_pipeline_publishes(sample_run, baseline):
    assert set(baseline["seconds"]) == {"load", "transform", "write"}
    assert compare(baseline["out"], published_path(sample_run["settings"])) == []
    assert (
        main(
            ["compare", "--baseline", str(baseline["out"]), "--published", str(published_path(sample_run["settings"]))]
        )
        == 0
    )


def test_baseline_lands_what_the_loader_lands(sample_run, baseline):
    pipeline = sample_run["settings"].warehouse_path
    assert compare_landed(baseline["work"], pipeline, list(all_contracts())) == []


def test_compare_reports_one_altered_figure(sample_run, baseline):
    altered = baseline["tmp"] / "altered.duckdb"
    shutil.copy(baseline["out"], altered)
    with duckdb.connect(str(altered)) as con:
        (changed,) = con.execute(
            "update published.pvr_quarterly set value = value + 1 "
            "where rowid = (select min(rowid) from published.pvr_quarterly where value is not null)"
        ).fetchone()
    assert changed == 1
    published = published_path(sample_run["settings"])
    differences = compare(altered, published)
    assert differences and all(d.startswith("pvr_quarterly:") for d in differences), differences
    assert any("only in the baseline" in d for d in differences) and any("only published" in d for d in differences)
    assert main(["compare", "--baseline", str(altered), "--published", str(published)]) == 1
