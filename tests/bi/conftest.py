"""tests/bi reads the sample publication of tests/e2e's session fixture: the same one run, not a second.

Importing `sample_run` here would register a second session fixture (pytest caches a fixture per
definition, so the pipeline would run twice). This one hands over to tests/e2e's definition: when
tests/e2e is collected in the session, its fixture is executed (or reused) through pytest's fixture
manager, so whichever directory asks first runs the pipeline and the other gets the cached result; when
only tests/bi is collected, e2e's fixture function runs here, once.
"""

from __future__ import annotations

import pytest

from tests.e2e import conftest as e2e_conftest


@pytest.fixture(scope="session")
def sample_run(request: pytest.FixtureRequest) -> dict:
    """tests/e2e's `sample_run` (see the module's docstring)."""
    e2e_item = next((item for item in request.session.items if item.nodeid.startswith("tests/e2e/")), None)
    if e2e_item is not None:
        # Pytest's own lookup of the fixture a tests/e2e test gets (its FixtureDef caches the result).
        fixturedefs = request._fixturemanager.getfixturedefs("sample_run", e2e_item)
        return fixturedefs[-1].execute(request)
    return e2e_conftest.sample_run.__wrapped__(request.getfixturevalue("tmp_path_factory"))
