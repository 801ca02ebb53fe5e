"""The committed sample, materialized once per test session by Dagster into a temporary warehouse.

The fixture is registered in tests/conftest.py only (one definition, so one run for the whole session,
whichever folders ask for it: e2e, report, docs, bi); tests import `published` from here."""

from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest

from equity_pipeline.config import PROJECT_ROOT
from equity_pipeline.sample_data.generator import generate
from tests.postgres_support import throwaway_database


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory) -> Iterator[dict]:
    """One refresh of data_raw/ (session-wide: it is the suite's longest step), publishing to disk and to
    a throwaway PostgreSQL database; the environment it ran under is restored before the tests read its
    settings, warehouse and publications."""
    tmp = tmp_path_factory.mktemp("e2e")
    expected = generate(tmp / "generated")
    with throwaway_database() as postgres, pytest.MonkeyPatch.context() as mp:
        mp.setenv("EQUITY_PUBLISH_POSTGRES_URL", postgres.url)
        mp.setenv("EQUITY_PUBLISH_POSTGRES_READER", postgres.reader)
        mp.setenv("EQUITY_RAW_DIR", str(PROJECT_ROOT / "data_raw"))
        mp.setenv("EQUITY_WAREHOUSE_DIR", str(tmp / "warehouse"))
        mp.setenv("EQUITY_PSEUDONYM_KEY", "e2e-key")
        mp.delenv("EQUITY_QUARANTINE_THRESHOLD", raising=False)
        from equity_pipeline.config import get_settings
        from equity_pipeline.definitions import defs
        from equity_pipeline.instance import ensure_dagster_home

        settings = get_settings()
        # The warehouse's own instance, as `make run` uses it: the tests read the run's record from it.
        instance = dg.DagsterInstance.from_config(str(ensure_dagster_home(settings)))
        result = defs.resolve_job_def("refresh").execute_in_process(instance=instance, raise_on_error=False)
        mp.undo()
        with instance:
            yield {
                "expected": expected,
                "result": result,
                "settings": settings,
                "generated": Path(tmp / "generated"),
                "postgres": postgres,
                "instance": instance,
            }


def published(sample_run, sql: str, params: list | None = None) -> list[tuple]:
    import duckdb

    from equity_pipeline.publish.publisher import published_path

    with duckdb.connect(str(published_path(sample_run["settings"])), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()
