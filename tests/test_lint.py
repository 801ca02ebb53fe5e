"""Style is part of the build: ruff for Python, sqlfluff (DuckDB dialect) for the dbt SQL."""

import subprocess
import sys
from pathlib import Path

from equity_pipeline.config import PROJECT_ROOT

BIN = Path(sys.executable).parent


def _run(*args: str, timeout: float | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=PROJECT_ROOT, capture_output=True, text=True, check=False, timeout=timeout)


# Every folder holding our Python, dbt's Python models and Superset's config included; `make lint` names the same.
LINTED = ("equity_pipeline", "tests", "benchmarks", "dbt_project", "bi")


def test_ruff_lint_and_format() -> None:
    lint = _run(str(BIN / "ruff"), "check", *LINTED)
    assert lint.returncode == 0, lint.stdout
    fmt = _run(str(BIN / "ruff"), "format", "--check", *LINTED)
    assert fmt.returncode == 0, fmt.stdout


def test_sqlfluff_on_dbt_models_and_macros() -> None:
    # One process: with --processes 2 its pool once hung at exit for good (a worker blocked on the pool's
    # queue lock while the parent joined it, 0% CPU), which CI would have waited on for 90 minutes.
    result = _run(
        str(BIN / "sqlfluff"), "lint", "--processes", "1", "dbt_project/models", "dbt_project/macros", timeout=600
    )
    assert result.returncode == 0, result.stdout[-4000:]
