"""`make clean` removes only what is rebuilt without loss; deleting the warehouse is separate and explicit."""

import os
import subprocess
import sys

from equity_pipeline.config import PROJECT_ROOT


def make_warehouse_files(settings) -> list[str]:
    wh = settings.warehouse_dir
    keep = ["equity.duckdb", "archive/wc_claims/ab12.csv", "publications/P1/published.duckdb"]
    for name in [*keep, ".building-P2.duckdb", "publications/.building-P3/published.duckdb"]:
        (wh / name).parent.mkdir(parents=True, exist_ok=True)
        (wh / name).write_text("x")
    return keep


def files_under(folder) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_make_clean_never_removes_the_warehouse() -> None:
    dry = subprocess.run(["make", "-n", "clean"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    commands = dry.stdout
    assert "rm -rf warehouse" not in commands
    assert "equity_pipeline.cli clean" in commands


def test_clean_removes_dbt_output_and_leftovers_and_keeps_history(make_settings, tmp_path) -> None:
    from equity_pipeline.housekeeping import clean

    settings = make_settings()
    keep = make_warehouse_files(settings)
    dbt_dir = tmp_path / "dbt_project"
    for name in ("target/manifest.json", "logs/dbt.log", "models/m.sql"):
        (dbt_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (dbt_dir / name).write_text("x")
    removed = clean(settings, dbt_dir)
    assert sorted(str(p) for p in removed) == sorted(
        str(p)
        for p in (
            dbt_dir / "target",
            dbt_dir / "logs",
            settings.warehouse_dir / ".building-P2.duckdb",
            settings.warehouse_dir / "publications" / ".building-P3",
        )
    )
    assert files_under(settings.warehouse_dir) == sorted(keep)  # the manifest, the archive, the publications
    assert files_under(dbt_dir) == ["models/m.sql"]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    return subprocess.run(
        [sys.executable, "-m", "equity_pipeline.cli", *args], cwd=PROJECT_ROOT, env=env, capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip


def test_reset_warehouse_needs_confirmation_and_says_what_is_lost(make_settings) -> None:
    settings = make_settings()
    keep = make_warehouse_files(settings)
    refused = run_cli("reset-warehouse")
    assert refused.returncode == 2
    assert files_under(settings.warehouse_dir) == sorted([*keep, ".building-P2.duckdb",
                                                          "publications/.building-P3/published.duckdb"])  # fmt: skip
    assert refused.stderr.strip().splitlines() == [
        f"reset-warehouse deletes {settings.warehouse_dir} entirely: the working warehouse with its ingest manifest "
        "and quarantine, the archive of every export ever received (the only copy of superseded files), every "
        "publication and the publication history, and the Dagster run history kept with it (.dagster/, unless "
        "DAGSTER_HOME is set). The next run re-lands what is in the landing folder now.",
        "Run `make reset-warehouse CONFIRM=yes` to do it.",
    ]
    done = run_cli("reset-warehouse", "--confirm")
    assert done.returncode == 0, done.stderr
    assert not settings.warehouse_dir.exists()
    assert done.stdout.strip() == f"Deleted {settings.warehouse_dir}."
