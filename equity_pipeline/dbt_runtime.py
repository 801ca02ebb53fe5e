"""How the pipeline runs dbt: which executable, which project and target folder, which --vars."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject
from packaging import version

from equity_pipeline.config import DBT_PROJECT_DIR, Settings

# dagster-dbt does not install dbt: use the one installed beside this interpreter (the .venv's).
DBT_EXECUTABLE = Path(sys.executable).parent / "dbt"

# `make ui` (dagster dev, which sets DAGSTER_IS_DEV_CLI in its code server and run workers) and
# `make run` / the tests each have their own target folder, so neither rewrites the manifest.json the
# other is reading; dagster-dbt gives every `dbt build` a folder of its own inside it.
UI_TARGET = "ui"
RUN_TARGET = "run"
DBT_TARGET_ROOT = DBT_PROJECT_DIR / "target"


def target_name() -> str:
    # EQUITY_DBT_TARGET: the test suite's parallel workers (tests/conftest.py), one folder each, inherited by
    # the CLI processes they start, so no worker rewrites the manifest another reads.
    return os.environ.get("EQUITY_DBT_TARGET") or (UI_TARGET if os.environ.get("DAGSTER_IS_DEV_CLI") else RUN_TARGET)


class PipelineDbtCliResource(DbtCliResource):
    """dagster-dbt's resource, told which dbt it drives instead of asking.

    dagster-dbt learns the dbt version by running `dbt --version` once per run (a process start of
    2-3 s, about a tenth of a small refresh). The executable is always DBT_EXECUTABLE, installed with
    dbt-core beside this interpreter, so the version is this environment's dbt-core."""

    @functools.cached_property
    def _cli_version(self) -> version.Version:
        from dbt.version import __version__ as dbt_version

        return version.parse(dbt_version)


@functools.cache
def dbt_project(target: str | None = None) -> DbtProject:
    """The dbt project with this process's target folder; built once, and it runs nothing."""
    return DbtProject(
        project_dir=DBT_PROJECT_DIR,
        profiles_dir=DBT_PROJECT_DIR,
        target_path=DBT_TARGET_ROOT / (target or target_name()),
    )


def build_target_path() -> Path:
    """Where the refresh's `dbt build` writes (compiled SQL, run_results): one folder in this process's target."""
    return dbt_project().target_path / "build"


def dbt_vars(settings: Settings) -> dict[str, str | int]:
    """What profiles.yml and the macros read with var(): dbt gets the settings as --vars, nothing else."""
    return {
        "duckdb_path": str(settings.warehouse_path),
        "timezone": settings.timezone,
        "fiscal_year_start_month": settings.fiscal_year_start_month,
        "small_cell_threshold": settings.small_cell_threshold,
        "small_department_employees": settings.small_department_employees,
        "safe_harbor_persons": settings.safe_harbor_persons,
        "safe_harbor_share": settings.safe_harbor_share,
        "disparity_min_eligible": settings.disparity_min_eligible,
    }


def vars_args(settings: Settings) -> list[str]:
    return ["--vars", json.dumps(dbt_vars(settings))]


def _command(args: list[str], target_path: Path) -> list[str]:
    return [
        str(DBT_EXECUTABLE),
        *args,
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--target-path",
        str(target_path),
    ]


def _env() -> dict[str, str]:
    return {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}


# Not the project: dbt's output and logs, and caches beside the sources.
_NOT_PROJECT = {"target", "logs", "dbt_packages", "__pycache__"}


def project_digest(project_dir: Path = DBT_PROJECT_DIR) -> str:
    """SHA-256 of every file of the dbt project (path and bytes) and of the dbt version: what `dbt parse` reads."""
    from dbt.version import __version__ as dbt_version  # the installed dbt-core

    digest = hashlib.sha256(f"dbt-core {dbt_version}\n".encode())
    for path in sorted(project_dir.rglob("*")):
        relative = path.relative_to(project_dir)
        if not path.is_file() or _NOT_PROJECT & set(relative.parts) or relative.name == ".user.yml":
            continue
        digest.update(f"{relative.as_posix()}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def prepare_manifest(force: bool = False) -> Path:
    """Build this process's manifest.json with `dbt parse`: `make run` and the test session call it before
    loading the Definitions (dagster-dbt's `prepare_if_dev()` does it only under `dagster dev`).

    The parse (7-14 s) runs only when the project changed since the manifest was written (its digest is
    kept beside it, manifest.digest), or with `force`: a refresh with nothing new pays no dbt start-up."""
    project = dbt_project()
    manifest = project.manifest_path
    stamp = manifest.with_name("manifest.digest")
    digest = project_digest()
    fresh = manifest.exists() and stamp.exists() and stamp.read_text(encoding="utf-8") == digest
    if force or not fresh:
        stamp.unlink(missing_ok=True)
        result = subprocess.run(
            _command(["parse"], project.target_path), env=_env(), capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise RuntimeError(f"dbt parse failed:\n{result.stdout}\n{result.stderr}")
        stamp.write_text(digest, encoding="utf-8")
    return manifest


@functools.cache
def loaded_manifest_path() -> Path:
    """The manifest the Definitions are built from, read where they load (dbt assets, published tables).

    Under `dagster dev` dagster-dbt parses the project into the ui target first (once per process);
    anywhere else the caller prepared it (prepare_manifest), and this runs nothing.
    """
    project = dbt_project()
    project.prepare_if_dev()
    if not project.manifest_path.exists():
        raise FileNotFoundError(
            f"{project.manifest_path} is missing: build it with equity_pipeline.dbt_runtime.prepare_manifest() "
            "(`make run` and the tests do) before loading the Definitions"
        )
    return project.manifest_path


def run_dbt(args: list[str], settings: Settings, target_path: Path | None = None) -> subprocess.CompletedProcess:
    """Run a dbt command against the settings' warehouse (outside Dagster: tests and maintenance)."""
    command = _command([*args, *vars_args(settings)], target_path or dbt_project().target_path)
    return subprocess.run(command, env=_env(), capture_output=True, text=True, check=False)
