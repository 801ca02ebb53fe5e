"""published.duckdb opens in DuckDB 1.4, the DuckDB inside most BI drivers (issue 13, item 1).

A second, throwaway virtualenv holds duckdb 1.4.5 from PyPI (this machine reaches PyPI; without it the
test fails saying so, it is not skipped). That client opens the sample's publication read-only and must
read the same figures DuckDB 2.0 reads. The control: a file written in DuckDB 2.0's own newest format,
which 1.4 must refuse, so the test shows what the setting EQUITY_PUBLISHED_STORAGE_VERSION buys.
"""

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from equity_pipeline.publish.publisher import published_path
from tests.sample_run import published

OLD_DUCKDB = "duckdb==1.4.5"
# Run by the 1.4 client: each table's row count and two figures someone can check in the report.
READER = """
import json, sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
tables = [t for (t,) in con.execute("show tables").fetchall()]
print(json.dumps({
    "version": duckdb.__version__,
    "rows": {t: con.execute(f'select count(*) from "{t}"').fetchall()[0][0] for t in tables},
    "attendance_fy2023_q3": con.execute(
        "select value from pvr_quarterly where series_id = 'attendance' and fiscal_year = 2023 and fiscal_quarter = 3"
    ).fetchall()[0][0],
    "female_promotion_fy2022": con.execute(
        "select eligible, selected, impact_ratio, flag from workforce_disparity where fiscal_year = 2022 "
        "and decision = 'promotion' and dimension = 'sex' and group_name = 'Female'"
    ).fetchall()[0],
}))
"""


@pytest.fixture(scope="module")
def old_python(tmp_path_factory) -> Path:
    venv = tmp_path_factory.mktemp("duckdb14") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", OLD_DUCKDB],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert installed.returncode == 0, (
        f"could not install {OLD_DUCKDB} from PyPI for the reader test:\n{installed.stderr}"
    )
    return python


def _read_with(python: Path, database: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(python), "-c", READER, str(database)], capture_output=True, text=True, timeout=120)


def test_a_duckdb_1_4_client_reads_the_same_figures(sample_run, old_python):
    read = _read_with(old_python, published_path(sample_run["settings"]))
    assert read.returncode == 0, read.stderr
    seen = json.loads(read.stdout)
    assert seen["version"] == "1.4.5"
    tables = [t for (t,) in published(sample_run, "show tables")]
    assert seen["rows"] == {t: published(sample_run, f'select count(*) from "{t}"')[0][0] for t in tables}
    assert seen["attendance_fy2023_q3"] == 1532  # the department's published table
    assert seen["female_promotion_fy2022"] == [1234, 70, 0.6145, "adverse impact"]


def test_duckdb_2_s_own_format_is_what_1_4_cannot_open(tmp_path, old_python):
    newest = tmp_path / "newest.duckdb"
    with duckdb.connect(str(newest)) as con:
        con.execute("create table t as select 1 as a")
    read = _read_with(old_python, newest)
    assert read.returncode != 0
    assert "version" in read.stderr.lower()
