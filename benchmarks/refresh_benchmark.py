"""Refresh benchmark: a municipality of N employees, FY2021-FY2025, refreshed as `make run` refreshes it.

    make bench                                   # 50,000 employees (Los Angeles)
    make bench EMPLOYEES=2600 BENCH_ARGS=--keep
    .venv/bin/python benchmarks/refresh_benchmark.py --employees 2600 --employees 10400

Per size, in one run, each step a separate process (`python -m equity_pipeline.cli run`, what `make run`
runs) timed for wall, CPU (user + sys, its dbt subprocesses included) and peak RSS:
full refresh from an empty warehouse (the newest monthly exports and HR snapshot held back); the baseline
(benchmarks/baseline_duckdb.py, the same figures by plain DuckDB), whose output must equal the full
refresh's publication; incremental (the held-back exports added); no-op (nothing new); correction (a
`_v2` of a mid-history training export). A step that fails, publishes when it should not (or not when
it should), or a baseline that differs fails the benchmark (exit 1). Prints a table, writes
benchmarks/results/refresh_<employees>.json. The targets are goals, reported met or missed; nothing
asserts a time.
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))  # run as a script, `benchmarks` (the repository root) is not importable

import duckdb  # noqa: E402

from benchmarks import bench_report, municipality  # noqa: E402
from benchmarks.bench_report import Step  # noqa: E402
from equity_pipeline.dbt_runtime import build_target_path  # noqa: E402
from equity_pipeline.publish.layout import current_id  # noqa: E402

BASELINE = ROOT / "benchmarks" / "baseline_duckdb.py"
RESULTS = ROOT / "benchmarks" / "results"
DEFAULT_EMPLOYEES = 50_000  # Los Angeles


class BenchmarkFailed(Exception):
    """A step failed or did something other than expected: the figures would mean nothing."""


def measure(name: str, command: list[str], env: dict[str, str], log: Path) -> tuple[Step, str]:
    """Run one command as a child process; its wall, CPU and peak RSS from wait4, and its output."""
    with log.open("wb") as out:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        # wait4's rusage covers the child and every descendant it waited for (dbt's processes).
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait for it again
    output = log.read_text(errors="replace")
    step = Step(name, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, child.returncode)
    if child.returncode != 0:
        tail = "\n".join(output.splitlines()[-40:])
        raise BenchmarkFailed(f"{name} exited {child.returncode} (log {log}); its output's end:\n{tail}")
    return step, output


def pipeline_env(raw: Path, warehouse: Path) -> dict[str, str]:
    """The steps' environment: this one without the caller's own pipeline settings (a Postgres publication,
    a quarantine threshold or a DAGSTER_HOME would change or leak what is measured), plus the benchmark's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("EQUITY_") and k != "DAGSTER_HOME"}
    if "EQUITY_DBT_TARGET" in os.environ:  # the target folder the manifest is read from: the CLI's
        env["EQUITY_DBT_TARGET"] = os.environ["EQUITY_DBT_TARGET"]
    return env | {
        "EQUITY_RAW_DIR": str(raw),
        "EQUITY_WAREHOUSE_DIR": str(warehouse),
        "EQUITY_PSEUDONYM_KEY": "bench",
        "EQUITY_SETTLE_SECONDS": "0",  # the files were just written; waiting for them would be measured
    }


def _publications(warehouse: Path) -> int:
    published = warehouse / "published.duckdb"
    if not published.exists():
        return 0
    with duckdb.connect(str(published), read_only=True) as con:
        return con.execute("select count(*) from publication_log").fetchone()[0]


def refresh(name: str, env: dict[str, str], warehouse: Path, logs: Path, publishes: bool) -> Step:
    """One `cli run`, checked: it published a new publication (publishes) or said nothing was new."""
    before_id, before_count = current_id(warehouse), _publications(warehouse)
    step, output = measure(name, [sys.executable, "-m", "equity_pipeline.cli", "run"], env, logs / f"{name}.log")
    after_id, after_count = current_id(warehouse), _publications(warehouse)
    if publishes:
        ok = after_id != before_id and after_count == before_count + 1 and f"Published {after_id}" in output
        step.outcome = f"published {after_id}"
    else:
        ok = after_id == before_id and after_count == before_count and "Nothing new; publication" in output
        step.outcome = "nothing new"
    if not ok:
        expected = "a new publication" if publishes else "no new publication"
        raise BenchmarkFailed(
            f"{name} was to make {expected}: publication {before_id} -> {after_id}, "
            f"publication_log rows {before_count} -> {after_count} (log {logs / f'{name}.log'})"
        )
    return step


def _baseline_compare() -> Callable[[Path, Path], list[str]]:
    # Imported only once it is known to exist: the benchmark runs (without a baseline) where it is missing.
    return importlib.import_module("benchmarks.baseline_duckdb").compare


def baseline(env: dict[str, str], raw: Path, warehouse: Path, folder: Path) -> Step | None:
    """The baseline on the raw files the full refresh saw; its output must equal the publication."""
    if not BASELINE.exists():
        print(f"WARNING: {BASELINE.relative_to(ROOT)} is missing: no baseline, no ratios, no comparison")
        return None
    out = folder / "baseline.duckdb"
    manifest = build_target_path() / "manifest.json"
    command = [sys.executable, str(BASELINE), "run", "--raw", str(raw), "--pipeline-warehouse", str(warehouse)]
    command += ["--manifest", str(manifest), "--out", str(out)]
    step, _ = measure("baseline", command, env, folder / "logs" / "baseline.log")
    differences = _baseline_compare()(out, warehouse / "published.duckdb")
    if differences:
        shown = "\n".join(f"  {d}" for d in differences[:50])
        raise BenchmarkFailed(f"the baseline differs from the publication in {len(differences)} ways:\n{shown}")
    step.outcome = "identical to the publication"
    return step


def bench(employees: int, folder: Path) -> dict:
    """Generate, then measure every step at one size; return the size's figures (for the report)."""
    corpus, raw, warehouse, logs = (folder / n for n in ("corpus", "raw", "warehouse", "logs"))
    logs.mkdir(parents=True)
    started = time.perf_counter()
    municipality.generate_municipality(corpus, employees)
    print(f"{employees:,} employees: generated in {time.perf_counter() - started:.0f} s, in {corpus}")
    vols = municipality.volumes(corpus)
    print(bench_report.volumes_table(employees, vols))
    held = municipality.stage_full(corpus, raw)
    env = pipeline_env(raw, warehouse)
    steps: dict[str, Step] = {}

    def done(step: Step | None) -> None:
        if step is not None:
            steps[step.name] = step
            print(
                f"  {step.name:<11} {step.wall_s:7.1f} s wall {step.cpu_s:7.1f} s CPU "
                f"{step.peak_rss_mib:7,.0f} MiB: {step.outcome}"
            )

    done(refresh("full", env, warehouse, logs, publishes=True))
    done(baseline(env, raw, warehouse, folder))
    municipality.add_held_back(corpus, raw, held)
    done(refresh("incremental", env, warehouse, logs, publishes=True))
    done(refresh("no-op", env, warehouse, logs, publishes=False))
    municipality.write_correction(raw)
    done(refresh("correction", env, warehouse, logs, publishes=True))
    bench_report.assess(steps)
    return {
        "employees": employees,
        "scales": municipality.scales(employees),
        "volumes": vols,
        "held_back": [str(p) for p in held],
        "correction": f"training_roster/{municipality.correction_name()}",
        "steps": {name: bench_report.step_dict(step) for name, step in steps.items()},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, action="append", help=f"repeatable; default {DEFAULT_EMPLOYEES:,}")
    parser.add_argument("--workdir", type=Path, help="where the corpora and warehouses go (default: a new /tmp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (it is kept anyway on failure)")
    parser.add_argument("--results", type=Path, default=RESULTS, help="where the JSON goes")
    args = parser.parse_args()
    sizes = sorted(set(args.employees or [DEFAULT_EMPLOYEES]))
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="refresh-bench-"))
    folders = [workdir / f"employees-{n}" for n in sizes]
    occupied = [f for f in folders if f.exists() and any(f.iterdir())]
    if occupied:
        print(f"{occupied[0]} is not empty: the full refresh needs an empty warehouse; choose another --workdir")
        return 2
    info = bench_report.machine()
    results = []
    try:
        for employees, folder in zip(sizes, folders, strict=True):
            results.append(bench(employees, folder))
    except BenchmarkFailed as exc:
        print(f"\nBENCHMARK FAILED: {exc}\nThe work folder stays: {workdir}", file=sys.stderr)
        return 1
    growth_rows = bench_report.growth(results)
    print("\n" + bench_report.table(results, growth_rows))
    path = bench_report.write_json(args.results, results, growth_rows, info)
    print(f"\nwritten {path}")
    if args.keep:
        print(f"work folder kept: {workdir}")
    elif args.workdir:
        for folder in folders:
            shutil.rmtree(folder)
    else:
        shutil.rmtree(workdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
