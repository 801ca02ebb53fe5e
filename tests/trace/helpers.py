"""Running `python -m equity_pipeline.cli trace` on the session's sample warehouse, as `make trace` does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from equity_pipeline.config import PROJECT_ROOT


def run_trace(
    warehouse_dir: Path, table: str, key: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    # the environment of the CLI tests (tests/ops/test_cli_errors.py): this warehouse, no DAGSTER_HOME, so the
    # instance is <warehouse>/.dagster, where the session's sample refresh ran
    environment = {
        **os.environ,
        "EQUITY_RAW_DIR": str(PROJECT_ROOT / "data_raw"),
        "EQUITY_WAREHOUSE_DIR": str(warehouse_dir),
    }
    environment.pop("DAGSTER_HOME", None)
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "equity_pipeline.cli", "trace", table, key],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
    )


def section(stdout: str, number: int) -> list[str]:
    """The lines of one numbered section of the trace (its heading first)."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{number}. "))
    end = next((i for i, line in enumerate(lines[start + 1 :], start + 1) if line[:1].isdigit()), len(lines))
    return [line for line in lines[start:end] if line.strip()]
