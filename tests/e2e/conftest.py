"""The committed sample, materialized once by Dagster into a temporary warehouse, shared by the e2e modules."""

from pathlib import Path

import dagster as dg
import pytest

from equity_pipeline.config import PROJECT_ROOT
from equity_pipeline.sample_data.generator import generate

# Other folders' conftests import sample_run (tests/report, tests/docs). pytest then holds one fixture
# definition per conftest, each with its own session cache, and would run the refresh once for each: the
# result is kept here, so the suite refreshes the sample once whichever folders request it.
_SESSION_RUN: dict = {}


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory) -> dict:
    """One refresh of data_raw/ (session-wide: it is the suite's longest step); the environment it ran
    under is restored before the tests read its settings, warehouse and publication."""
    if not _SESSION_RUN:
        _SESSION_RUN.update(_refresh_sample(tmp_path_factory))
    return _SESSION_RUN


def _refresh_sample(tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("e2e")
    expected = generate(tmp / "generated")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EQUITY_RAW_DIR", str(PROJECT_ROOT / "data_raw"))
        mp.setenv("EQUITY_WAREHOUSE_DIR", str(tmp / "warehouse"))
        mp.setenv("EQUITY_PSEUDONYM_KEY", "e2e-key")
        mp.delenv("EQUITY_QUARANTINE_THRESHOLD", raising=False)
        from equity_pipeline.config import get_settings
        from equity_pipeline.definitions import defs

        settings = get_settings()
        result = defs.resolve_job_def("refresh").execute_in_process(
            instance=dg.DagsterInstance.ephemeral(), raise_on_error=False
        )
    return {"expected": expected, "result": result, "settings": settings, "generated": Path(tmp / "generated")}


def published(sample_run, sql: str, params: list | None = None) -> list[tuple]:
    import duckdb

    from equity_pipeline.publish.publisher import published_path

    with duckdb.connect(str(published_path(sample_run["settings"])), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()
