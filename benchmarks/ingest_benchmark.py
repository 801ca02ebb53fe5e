"""Ingestion benchmark: generate the sample at a scale, land every source, report throughput.

    .venv/bin/python benchmarks/ingest_benchmark.py --scale 1 --scale 4

Prints one line per scale and source (files, rows, seconds, rows/s, CPU seconds) and the
peak resident memory. CPU seconds (all threads of the process) are the steadier figure on a
shared machine, where wall time depends on the other load. Figures go in the README;
nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

from equity_pipeline.config import get_settings
from equity_pipeline.contracts import all_contracts
from equity_pipeline.ingest.loader import connect_warehouse, ingest_source
from equity_pipeline.sample_data.generator import generate


def bench(scale: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        raw, warehouse = Path(tmp) / "raw", Path(tmp) / "warehouse"
        started = time.perf_counter()
        generate(raw, scale=scale)
        print(f"scale {scale:g}: generated in {time.perf_counter() - started:.1f} s")
        os.environ.update(EQUITY_RAW_DIR=str(raw), EQUITY_WAREHOUSE_DIR=str(warehouse), EQUITY_PSEUDONYM_KEY="bench")
        settings = get_settings()
        total_rows, total_seconds, total_cpu = 0, 0.0, 0.0
        with connect_warehouse(settings) as con:
            for source, contract in all_contracts().items():
                t0, c0 = time.perf_counter(), time.process_time()
                outcome = ingest_source(con, contract, settings, "benchmark")
                seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
                rows = sum(f.rows_total for f in outcome.files)
                total_rows += rows
                total_seconds += seconds
                total_cpu += cpu
                print(
                    f"  {source:<16} {len(outcome.files):>4} files {rows:>9,} rows {seconds:>7.2f} s "
                    f"{rows / seconds:>10,.0f} rows/s {cpu:>7.2f} s CPU"
                )
        print(
            f"  {'all sources':<16} {'':>10} {total_rows:>9,} rows {total_seconds:>7.2f} s "
            f"{total_rows / total_seconds:>10,.0f} rows/s {total_cpu:>7.2f} s CPU"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, action="append", help="generator scale (repeatable)")
    args = parser.parse_args()
    for scale in args.scale or [1.0]:
        bench(scale)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {peak_mib:,.0f} MiB")


if __name__ == "__main__":
    main()
