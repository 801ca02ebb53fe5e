"""How the pipeline runs dbt: which executable, which project, which environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from dagster_dbt import DbtProject

from equity_pipeline.config import DBT_PROJECT_DIR, Settings

# dagster-dbt does not install dbt: use the one installed beside this interpreter (the .venv's).
DBT_EXECUTABLE = Path(sys.executable).parent / "dbt"

DBT_PROJECT = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def dbt_env(settings: Settings) -> dict[str, str]:
    """Variables a dbt invocation reads (profiles.yml and the macros), taken from the validated settings."""
    return {
        "EQUITY_DUCKDB_PATH": str(settings.warehouse_path),
        "EQUITY_TIMEZONE": settings.timezone,
        "EQUITY_FISCAL_YEAR_START_MONTH": str(settings.fiscal_year_start_month),
        "EQUITY_SMALL_CELL_THRESHOLD": str(settings.small_cell_threshold),
        "EQUITY_SMALL_DEPARTMENT_EMPLOYEES": str(settings.small_department_employees),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }


def prepare_manifest(force: bool = False) -> Path:
    """Build target/manifest.json with `dbt parse` (dagster-dbt's own preparer acts only under `dagster dev`)."""
    manifest = DBT_PROJECT.manifest_path
    if force or not manifest.exists():
        result = subprocess.run(
            [
                str(DBT_EXECUTABLE),
                "parse",
                "--project-dir",
                str(DBT_PROJECT_DIR),
                "--profiles-dir",
                str(DBT_PROJECT_DIR),
            ],
            env={**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"},
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"dbt parse failed:\n{result.stdout}\n{result.stderr}")
    return manifest


def run_dbt(args: list[str], settings: Settings, target_path: Path | None = None) -> subprocess.CompletedProcess:
    """Run a dbt command against the settings' warehouse (outside Dagster: tests and maintenance)."""
    command = [
        str(DBT_EXECUTABLE),
        *args,
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
    ]
    if target_path is not None:
        command += ["--target-path", str(target_path)]
    return subprocess.run(command, env={**os.environ, **dbt_env(settings)}, capture_output=True, text=True, check=False)
