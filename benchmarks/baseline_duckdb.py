"""The hand-written DuckDB baseline: the published tables from the raw files in one DuckDB process.

What a refresh costs beyond the work itself (dbt, Dagster, Great Expectations, the per-file
loader) is measured against this script: no dbt, Dagster or GE at run time and no per-row Python,
one DuckDB connection reading the same raw files and computing the same published tables.

Phases (`run` prints the seconds of each):

- **load**: per source (equity_pipeline/contracts/*.yml), the files to land are chosen by name
  and bytes: the newest version of each as-of date, bytes already chosen under another name once.
  All of a source's CSVs are read by one `read_csv` statement (all_varchar, filename=true,
  union_by_name, so header case and column order do not matter; DuckDB reads CRLF and the UTF-8
  BOM itself). A Windows-1252 file is decoded whole in Python to a UTF-8 copy first (DuckDB's
  reader takes UTF-8 only). An .xlsx is read by pandas.read_excel into a frame that DuckDB scans
  (DuckDB's excel extension is not available offline: a library call, not a row loop of ours).
  One INSERT per source then trims and types every column (US and ISO dates, `$1,234.50`,
  flags, enum spellings, ISO 639-3 languages), hashes the ids with HMAC-SHA256 in SQL under
  EQUITY_PSEUDONYM_KEY, and adds the lineage columns (_source_file, _sha256, _line, _as_of,
  _version, _loaded_at, _run_id).
- **transform**: the project's own model SQL, compiled by dbt beforehand (the `--manifest`), is
  replayed: the seeds, then every model the published marts depend on, in dependency order, as
  views and tables (benchmarks/baseline/transform.py); tests and the lineage views are skipped.
- **write**: the published tables (equity_pipeline.publish.catalog.published_tables(), their
  contract's columns, without the publisher's publish_id) into `--out`, schema `published`.

Invalid rows: the baseline does not re-implement the quarantine bookkeeping; it reads the
pipeline's verdicts. From the pipeline warehouse it copies `audit.ingest_manifest` (which files
were loaded, superseded, rejected, quarantined or withdrawn) and `audit.quarantine` (the file and
line of every quarantined row): a file the run did not load is not landed, and a quarantined
line is left out of its file's rows. Its own choice of files must then be exactly the run's
loaded files, and each file's landed rows must number the run's rows_landed, else it fails
loudly. The marts that report on data quality (data_quality_issues) read those copied audit
tables. Lines are numbered one record per physical line (header = line 1), as in every sample
file: a file with blank lines, multi-line quoted records or a `sep=,` line (which the loader
numbers physically) is refused loudly rather than misnumbered.

    python benchmarks/baseline_duckdb.py run --raw DIR --pipeline-warehouse DIR --manifest PATH --out FILE
    python benchmarks/baseline_duckdb.py compare --baseline FILE --published PATH/published.duckdb
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: the repository root holds `benchmarks` and `equity_pipeline`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import duckdb  # noqa: E402

from benchmarks.baseline.compare import compare  # noqa: E402
from benchmarks.baseline.load import load_all  # noqa: E402
from benchmarks.baseline.transform import load_manifest, replay  # noqa: E402
from equity_pipeline.config import get_settings  # noqa: E402
from equity_pipeline.contracts import all_contracts  # noqa: E402
from equity_pipeline.publish.catalog import published_tables  # noqa: E402

__all__ = ["compare", "run_baseline"]

# The catalog name the compiled SQL references ("equity"."marts"."pvr_quarterly").
CATALOG = "equity"
AUDIT_TABLES = ("ingest_manifest", "quarantine")


def run_baseline(
    raw: Path, pipeline_warehouse: Path, manifest: Path, out: Path, work_dir: Path | None = None
) -> dict[str, float]:
    """Build the published tables into `out` (schema `published`); return the seconds of each phase.

    The working warehouse (landed, staging, marts...) is a file like the pipeline's, in a temporary
    folder, or kept as `work_dir`/equity.duckdb when given (to inspect, or compare landed tables).
    """
    settings = get_settings()
    tables = published_tables(manifest)
    compiled = load_manifest(manifest)
    out.unlink(missing_ok=True)
    seconds: dict[str, float] = {}
    with contextlib.ExitStack() as stack:
        work = work_dir or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="baseline-", dir=out.parent)))
        for leftover in (f"{CATALOG}.duckdb", f"{CATALOG}.duckdb.wal"):  # a kept work_dir of an earlier run
            (work / leftover).unlink(missing_ok=True)
        con = stack.enter_context(duckdb.connect())
        start = time.perf_counter()
        con.execute("set enable_progress_bar = false")
        con.execute(f"set TimeZone = '{settings.timezone}'")
        con.execute("set asof_loop_join_threshold = 0")  # the engine as dbt_project/profiles.yml sets it
        con.execute(f"attach '{work / CATALOG}.duckdb' as {CATALOG}")
        con.execute(f"use {CATALOG}")
        for schema in ("landed", "audit", "reference"):
            con.execute(f"create schema {schema}")
        # The run's verdicts on files and rows (see the module docstring), read once.
        con.execute(f"attach '{pipeline_warehouse / 'equity.duckdb'}' as pipeline (read_only)")
        for table in AUDIT_TABLES:
            con.execute(f"create table audit.{table} as select * from pipeline.audit.{table}")
        con.execute("detach pipeline")
        load_all(con, all_contracts(), raw, settings.pseudonym_key)
        seconds["load"] = time.perf_counter() - start

        start = time.perf_counter()
        replay(con, compiled, [t.name for t in tables])
        seconds["transform"] = time.perf_counter() - start

        start = time.perf_counter()
        con.execute(f"attach '{out}' as baseline_out")
        con.execute("create schema baseline_out.published")
        for table in tables:
            columns = ", ".join(f'"{c}"' for c in table.column_names)
            con.execute(f'create table baseline_out.published."{table.name}" as select {columns} from {table.relation}')
        con.execute("detach baseline_out")
        seconds["write"] = time.perf_counter() - start
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="build the published tables from the raw files")
    run.add_argument("--raw", type=Path, required=True, help="the landing folder (EQUITY_RAW_DIR)")
    run.add_argument(
        "--pipeline-warehouse",
        type=Path,
        required=True,
        help="the run's EQUITY_WAREHOUSE_DIR (opened read-only: copy it first if a refresh may be writing it)",
    )
    run.add_argument("--manifest", type=Path, required=True, help="a dbt manifest.json with compiled_code")
    run.add_argument("--out", type=Path, required=True, help="the DuckDB file to write")
    run.add_argument("--json", action="store_true", help="print the seconds per phase as one JSON object")
    check = commands.add_parser("compare", help="compare the baseline's tables with a publication's")
    check.add_argument("--baseline", type=Path, required=True)
    check.add_argument("--published", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.command == "run":
        seconds = run_baseline(args.raw, args.pipeline_warehouse, args.manifest, args.out)
        if args.json:  # for a measuring parent process (benchmarks/refresh_benchmark.py)
            print(json.dumps(seconds))
            return 0
        for phase, value in seconds.items():
            print(f"{phase:<10} {value:8.2f} s")
        print(f"{'total':<10} {sum(seconds.values()):8.2f} s")
        return 0
    differences = compare(args.baseline, args.published)
    for line in differences:
        print(line)
    print(f"{len(differences)} difference(s)" if differences else "identical")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
