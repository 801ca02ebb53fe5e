"""An auditor re-running a publication gets the same figures, bit for bit.

The committed sample (about 2,600 employees over five years: some 150,000 employee-months of
hours, summed by DuckDB on every core) is refreshed into two fresh warehouses — the session's
sample refresh (tests/sample_run.py) and one more here, with the same key — and every published
table, in DuckDB and in Parquet, must hold exactly the same rows, publish_id aside. Floats are
compared with ==, which is exact: a difference in the 15th digit fails.
"""

import dagster as dg
import duckdb
import pytest

from equity_pipeline.config import PROJECT_ROOT
from equity_pipeline.publish.catalog import published_tables
from equity_pipeline.publish.publisher import parquet_dir, published_path


def refresh_into(warehouse_dir, mp: pytest.MonkeyPatch):
    mp.setenv("EQUITY_WAREHOUSE_DIR", str(warehouse_dir))
    from equity_pipeline.config import get_settings
    from equity_pipeline.definitions import defs

    result = defs.resolve_job_def("refresh").execute_in_process(
        instance=dg.DagsterInstance.ephemeral(), raise_on_error=False
    )
    return result, get_settings()


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory, sample_run):
    tmp = tmp_path_factory.mktemp("reproducible")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EQUITY_RAW_DIR", str(PROJECT_ROOT / "data_raw"))
        mp.setenv("EQUITY_PSEUDONYM_KEY", sample_run["settings"].pseudonym_key)
        mp.delenv("EQUITY_QUARANTINE_THRESHOLD", raising=False)
        mp.delenv("EQUITY_PUBLISH_POSTGRES_URL", raising=False)
        yield [(sample_run["result"], sample_run["settings"]), refresh_into(tmp / "second", mp)]


def published_rows(settings, table: str) -> list[tuple]:
    with duckdb.connect(str(published_path(settings)), read_only=True) as con:
        return con.execute(f"select * exclude (publish_id) from {table} order by all").fetchall()


def parquet_rows(settings, table: str) -> list[tuple]:
    path = parquet_dir(settings) / f"{table}.parquet"
    return duckdb.sql(f"select * exclude (publish_id) from read_parquet('{path}') order by all").fetchall()


def test_both_runs_publish(two_runs):
    assert [result.success for result, _ in two_runs] == [True, True]


@pytest.mark.parametrize("table", [t.name for t in published_tables()])
def test_two_runs_publish_identical_tables(two_runs, table):
    (_, first), (_, second) = two_runs
    rows = published_rows(first, table)
    assert rows, table  # the sample publishes every table
    again = published_rows(second, table)
    differing = [(a, b) for a, b in zip(rows, again, strict=False) if a != b]
    assert (len(rows), differing[:3]) == (len(again), [])
    assert parquet_rows(first, table) == rows
    assert parquet_rows(second, table) == again
