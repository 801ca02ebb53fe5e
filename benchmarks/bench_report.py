"""The refresh benchmark's report: the machine, each step's targets met or missed, the table, the JSON.

The targets are the issue's goals at Los Angeles size (50,000 employees) on a 2-core machine; they are
reported at every size, and no test asserts them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

MIB = 1024 * 1024
RSS_LIMIT_MIB = 2048
# step: the most wall seconds it may take; the full refresh also at most FULL_VS_BASELINE x the baseline's.
WALL_LIMITS = {"full": 60.0, "incremental": 20.0, "no-op": 10.0, "correction": 20.0}
FULL_VS_BASELINE = 2.0
# At 4x the rows, at most 4.5x the time: the allowed time ratio is the rows ratio times this.
GROWTH_SLACK = 4.5 / 4
PACKAGES = ("duckdb", "dbt-core", "dbt-duckdb", "dagster", "dagster-dbt", "great-expectations", "pandas")


@dataclass
class Step:
    """One measured process: what it ran and what it cost (CPU = user + sys of it and its waited-for children)."""

    name: str
    wall_s: float
    cpu_s: float
    peak_rss_mib: float  # the largest single process among it and its descendants (ru_maxrss)
    exit_code: int
    outcome: str = ""  # e.g. "published pub-...", "nothing new"
    targets: list[dict] = field(default_factory=list)


def machine() -> dict:
    """What the figures were measured on: the numbers mean little without it."""
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        models = [line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if "model name" in line]
        model = models[0] if models else ""
    ram_mib = None
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        total = next(line for line in meminfo.read_text().splitlines() if line.startswith("MemTotal:"))
        ram_mib = int(total.split()[1]) // 1024
    versions = {}
    for package in PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return {
        "cpu_count": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu_model": model,
        "ram_mib": ram_mib,
        # A shared machine's other load moves the wall times: the load average at the start says how busy it was.
        "load_average_at_start": list(os.getloadavg()),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "packages": versions,
    }


def _target(target: str, limit: float, value: float | None) -> dict:
    return {"target": target, "limit": limit, "value": value, "met": None if value is None else value <= limit}


def assess(steps: dict[str, Step]) -> None:
    """Attach each step's targets, met or missed (None: not measurable, e.g. no baseline)."""
    baseline = steps.get("baseline")
    for name, step in steps.items():
        if name not in WALL_LIMITS:
            continue
        step.targets = [_target(f"wall <= {WALL_LIMITS[name]:g} s", WALL_LIMITS[name], step.wall_s)]
        if name == "full":
            ratio = step.wall_s / baseline.wall_s if baseline else None
            step.targets.append(_target(f"<= {FULL_VS_BASELINE:g}x baseline", FULL_VS_BASELINE, ratio))
        step.targets.append(_target(f"peak RSS <= {RSS_LIMIT_MIB / 1024:g} GiB", RSS_LIMIT_MIB, step.peak_rss_mib))


def growth(sizes: list[dict]) -> list[dict]:
    """For each size after the smallest: time ratio per step against the smallest, beside the rows ratio."""
    if len(sizes) < 2:
        return []
    ordered = sorted(sizes, key=lambda s: s["employees"])
    small = ordered[0]
    out = []
    for large in ordered[1:]:
        rows_ratio = large["volumes"]["all"]["rows"] / small["volumes"]["all"]["rows"]
        steps = {}
        for name, step in large["steps"].items():
            if name in small["steps"]:
                steps[name] = step["wall_s"] / small["steps"][name]["wall_s"]
        allowed = rows_ratio * GROWTH_SLACK
        out.append(
            {
                "from_employees": small["employees"],
                "to_employees": large["employees"],
                "rows_ratio": rows_ratio,
                "wall_ratio": steps,
                # The goal is the full refresh's: at 4x the rows at most 4.5x the time.
                "target": _target(f"full wall ratio <= {allowed:.2f} (rows x 4.5/4)", allowed, steps.get("full")),
            }
        )
    return out


def _met(targets: list[dict]) -> str:
    if not targets:
        return ""
    missed = [t["target"] for t in targets if t["met"] is False]
    unknown = [t["target"] for t in targets if t["met"] is None]
    if missed:
        return "MISSED: " + "; ".join(missed)
    return "met" + (f" (n/a: {'; '.join(unknown)})" if unknown else "")


def table(sizes: list[dict], growth_rows: list[dict]) -> str:
    """The printed table: one line per size and step."""
    header = f"{'employees':>9}  {'step':<11} {'wall s':>8} {'CPU s':>8} {'RSS MiB':>8} {'x base':>7}  "
    header += f"{'targets':<46} met?"
    lines = [header, "-" * len(header)]
    for size in sizes:
        base = size["steps"].get("baseline")
        for name, step in size["steps"].items():
            ratio = f"{step['wall_s'] / base['wall_s']:.2f}" if base else "n/a"
            targets = ", ".join(t["target"] for t in step["targets"])
            lines.append(
                f"{size['employees']:>9,}  {name:<11} {step['wall_s']:>8.1f} {step['cpu_s']:>8.1f} "
                f"{step['peak_rss_mib']:>8,.0f} {ratio:>7}  {targets:<46} {_met(step['targets'])}"
            )
    for g in growth_rows:
        ratios = ", ".join(f"{k} {v:.2f}x" for k, v in g["wall_ratio"].items())
        lines.append(
            f"growth {g['from_employees']:,} -> {g['to_employees']:,}: rows {g['rows_ratio']:.2f}x, wall {ratios}; "
            f"{g['target']['target']}: {_met([g['target']])}"
        )
    return "\n".join(lines)


def volumes_table(employees: int, vols: dict[str, dict[str, int]]) -> str:
    lines = [f"corpus at {employees:,} employees:"]
    for source, v in vols.items():
        lines.append(f"  {source:<16} {v['files']:>5} files {v['rows']:>11,} rows {v['bytes'] / MIB:>9.1f} MB")
    return "\n".join(lines)


def step_dict(step: Step) -> dict:
    return asdict(step)


def write_json(results_dir: Path, sizes: list[dict], growth_rows: list[dict], info: dict) -> Path:
    """benchmarks/results/refresh_<employees>[_<employees>...].json; returns its path."""
    results_dir.mkdir(parents=True, exist_ok=True)
    path = results_dir / f"refresh_{'_'.join(str(s['employees']) for s in sizes)}.json"
    document = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": info | {"load_average_at_end": list(os.getloadavg())},
        "targets": {
            "wall_s": WALL_LIMITS,
            "full_vs_baseline": FULL_VS_BASELINE,
            "peak_rss_mib": RSS_LIMIT_MIB,
            "growth": "at 4x the rows at most 4.5x the full refresh's time",
        },
        "sizes": sizes,
        "growth": growth_rows,
    }
    path.write_text(json.dumps(document, indent=2) + "\n")
    return path
