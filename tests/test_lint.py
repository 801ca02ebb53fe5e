"""Style is part of the build: ruff for Python, sqlfluff (DuckDB dialect) for the dbt SQL."""

import subprocess
import sys
from pathlib import Path

from equity_pipeline.config import PROJECT_ROOT

BIN = Path(sys.executable).parent


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)


def test_ruff_lint_and_format() -> None:
    lint = _run(str(BIN / "ruff"), "check", "equity_pipeline", "tests", "benchmarks")
    assert lint.returncode == 0, lint.stdout
    fmt = _run(str(BIN / "ruff"), "format", "--check", "equity_pipeline", "tests", "benchmarks")
    assert fmt.returncode == 0, fmt.stdout


def test_sqlfluff_on_dbt_models_and_macros() -> None:
    # two processes: half the time (25 s -> 12.5 s on 2 cores)
    result = _run(str(BIN / "sqlfluff"), "lint", "--processes", "2", "dbt_project/models", "dbt_project/macros")
    assert result.returncode == 0, result.stdout[-4000:]
