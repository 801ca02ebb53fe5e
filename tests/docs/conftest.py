"""The catalog tests read the suite's one sample refresh (tests/e2e/conftest.py keeps its result, so
importing the fixture here does not run the pipeline a second time)."""

from tests.e2e.conftest import sample_run  # noqa: F401 (a fixture, found by pytest under this name)
