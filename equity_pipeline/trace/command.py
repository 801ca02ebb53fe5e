"""`python -m equity_pipeline.cli trace <table> <key>`: put the five readers together and print.

Exit status: 0 traced; 1 a refresh holds the warehouse (try again); 2 bad input (unknown table,
malformed or incomplete key, no such row, nothing published), each said in one line on stderr.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any

from equity_pipeline.config import Settings
from equity_pipeline.dbt_runtime import prepare_manifest
from equity_pipeline.instance import dagster_home
from equity_pipeline.lock import RefreshLocked
from equity_pipeline.publish.catalog import PublishedTable, published_tables
from equity_pipeline.publish.publisher import published_path
from equity_pipeline.trace.path import ColumnLineage, PathNode, column_lineage, load_manifest, model_id, upstream
from equity_pipeline.trace.published import Figure, read_figure
from equity_pipeline.trace.request import Request, TraceInputError, key_columns, resolve
from equity_pipeline.trace.run import RunFacts, read_run
from equity_pipeline.trace.sources import Contributions, read_contributions

# Columns that describe a row rather than measure it: column lineage is shown for the others.
NOT_MEASURES = {"text", "id", "flag", "date", "fiscal year", "year", "fiscal quarter", "rank"}


def measure_columns(table: PublishedTable) -> list[str]:
    keys = set(key_columns(table))
    return [c.name for c in table.columns if c.name not in keys and (c.unit or "text") not in NOT_MEASURES]


def trace_command(settings: Settings, table_name: str, key_text: str) -> int:
    try:
        manifest_path = prepare_manifest()  # parses only when this target folder has no manifest yet
        request = resolve(table_name, key_text, published_tables(manifest_path))
        figure = read_figure(published_path(settings), request)
    except TraceInputError as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        contributions = read_contributions(
            settings.warehouse_dir, settings.warehouse_path, request.table.name, request.key
        )
    except RefreshLocked as exc:
        print(f"a refresh is running ({exc.holder}); try again when it has finished", file=sys.stderr)
        return 1
    manifest = load_manifest(manifest_path)
    mart = model_id(request.table.name)
    nodes = upstream(manifest, mart)
    lineage = column_lineage(manifest, mart, measure_columns(request.table), contributions.columns)
    run = read_run(dagster_home(settings), figure.run_id)
    print("\n".join(render(request, figure, run, nodes, lineage, contributions)))
    return 0


def _value(value: Any) -> str:
    return "(null)" if value is None else str(value)


def _table(rows: list[list[str]], indent: str = "  ") -> Iterable[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        yield indent + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()


def render(
    request: Request,
    figure: Figure,
    run: RunFacts,
    nodes: list[PathNode],
    lineage: ColumnLineage,
    contributions: Contributions,
) -> Iterable[str]:
    table = request.table
    yield f"1. The figure: {table.name} {request.key_text}"
    suppressed = figure.row.get("suppressed") is True or any(figure.row.get(c) is None for c in measure_columns(table))
    width = max(len(c) for c in figure.row)
    for column, value in figure.row.items():
        yield f"  {column.ljust(width)}  {_value(value)}"
    if suppressed:
        yield "  (a figure of this row is empty in the publication: suppressed or not computable; traced all the same)"

    yield ""
    yield f"2. The publication: {figure.publish_id}"
    if not figure.publication:
        yield "  publication_log holds no row for it"
    for column, value in figure.publication.items():
        yield f"  {column.ljust(14)}  {_value(value)}"

    yield ""
    path_assets = {node.asset for node in nodes}
    yield f"3. The run: {run.run_id or '(unknown)'}"
    if not run.held:
        yield f"  not in this warehouse's Dagster instance: {run.why_not}"
    else:
        yield f"  status   {run.status}"
        yield f"  started  {_value(run.started)}"
        yield f"  ended    {_value(run.ended)}"
        tags = ", ".join(f"{k}={v}" for k, v in sorted(run.tags.items())) or "(none)"
        yield f"  tags     {tags}"

    yield ""
    yield "4. The checks (the run's asset check evaluations on this figure's path)"
    if not run.held:
        yield "  none to show: the run is not in the instance"
    else:
        on_path = [c for c in run.checks if c.asset in path_assets]
        if on_path:
            ordered = sorted(on_path, key=lambda c: (c.asset, c.name))
            yield from _table([[c.outcome, c.asset, c.name] for c in ordered])
        totals = run.totals()
        path_totals = {o: sum(1 for c in on_path if c.outcome == o) for o in ("passed", "warned", "failed")}
        yield (
            f"  on the path: {len(on_path)} ({', '.join(f'{n} {o}' for o, n in path_totals.items())}); "
            f"the whole run: {len(run.checks)} "
            f"({', '.join(f'{totals.get(o, 0)} {o}' for o in ('passed', 'warned', 'failed'))})"
        )

    yield ""
    yield f"5. The models on the path (dbt manifest, dependency order: {len(nodes)} nodes)"
    yield from _table([[n.kind, n.relation, n.file_path, n.summary] for n in nodes])
    yield (
        "  Column lineage: dbt-core records none in its manifest; this is sqlglot's reading of the compiled SQL, "
        "for the table's measure columns (every row's, not only this one's):"
    )
    for node in nodes:
        columns = lineage.columns.get(node.relation)
        if columns:
            yield f"    {node.relation}: {', '.join(sorted(columns))}"
        if node.relation in lineage.stopped:
            yield f"    {node.relation}: stops here ({lineage.stopped[node.relation]})"

    yield ""
    yield f"6. The source files whose rows feed this figure ({contributions.view})"
    if not contributions.found:
        yield f"  {contributions.view} is not in the warehouse yet: `make run` builds it"
    elif suppressed and contributions.files:
        # the counts below are the working warehouse's: they can give a suppressed cell away
        yield "  INTERNAL: counts from the working warehouse, for this row's suppressed figures too; never publish them"
    if contributions.found and not contributions.files:
        yield "  no source row contributes (a figure of 0, or one computed from reference data only)"
    elif contributions.files:
        header = ["source", "file", "sha256", "as of", "version", "rows feeding it", "file status (landed/quarantined)"]
        rows = [
            [
                f.source,
                f.file_name,
                f.sha256,
                _value(f.as_of_date),
                _value(f.export_version),
                str(f.contributing_rows),
                f"{_value(f.file_status)} ({_value(f.rows_landed)}/{_value(f.rows_quarantined)})",
            ]
            for f in contributions.files
        ]
        yield from _table([header, *rows])
        yield (
            f"  {sum(f.contributing_rows for f in contributions.files)} rows in {len(rows)} files; what a row "
            f"means for this table: the description of {contributions.view.split('.')[1]} (`make docs`)"
        )
