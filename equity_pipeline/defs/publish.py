"""Audit and publish: GE gates on every mart to be published, then the atomic publication and the report."""

import dagster as dg

from equity_pipeline.defs.checks import validate_in_warehouse
from equity_pipeline.defs.ingest import WAREHOUSE_POOL
from equity_pipeline.defs.locking import holds_refresh_lock
from equity_pipeline.ingest.loader import connect_warehouse
from equity_pipeline.instance import PUBLISH_ID_TAG
from equity_pipeline.publish.catalog import PublishedTable, published_tables
from equity_pipeline.publish.inputs import record_inputs
from equity_pipeline.publish.layout import current_id
from equity_pipeline.publish.publisher import publish_if_changed, published_path
from equity_pipeline.publish.record import publication_record, run_checks
from equity_pipeline.quality.gate import publishable_gate, wc_totals_gate
from equity_pipeline.report.pvr import write_reports
from equity_pipeline.resources import EquitySettings

PUBLISH_GROUP = "publish"
PUBLICATION_KEY = dg.AssetKey(["published", "publication"])
REPORT_KEY = dg.AssetKey(["published", "pvr_report"])
# Reading files and swapping them can meet a transient lock or a slow disk: retry those, not logic.
IO_RETRY = dg.RetryPolicy(max_retries=2, delay=10, backoff=dg.Backoff.EXPONENTIAL)


PUBLISHED_TABLES = published_tables()


def mart_key(table: PublishedTable) -> dg.AssetKey:
    return dg.AssetKey(table.relation.split("."))


def publishable_check(table: PublishedTable) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=mart_key(table),
        name="ge_publishable",
        blocking=True,
        description=f"Great Expectations gate before {table.name} may be published: exact columns, keys, ranges "
        "and its gate models, as its dbt yml declares.",
    )
    def _check(context: dg.AssetCheckExecutionContext, settings: EquitySettings) -> dg.AssetCheckResult:
        return validate_in_warehouse(settings.settings, lambda con: publishable_gate(con, table))

    return _check


@dg.asset(
    key=PUBLICATION_KEY,
    deps=[mart_key(t) for t in PUBLISHED_TABLES],
    group_name=PUBLISH_GROUP,
    kinds={"duckdb", "parquet"},
    pool=WAREHOUSE_POOL,
    retry_policy=IO_RETRY,
    description=(
        "warehouse/published.duckdb and warehouse/published/*.parquet: links to publications/current, one "
        "version folder per publish, swapped by one atomic rename after every blocking check of this run passed "
        "(a crash leaves the old or the new publication whole); every table carries publish_id; publication_log "
        "records each publish, with each source's freshness as of it. With EQUITY_PUBLISH_POSTGRES_URL, the same "
        "tables go to schema published of that PostgreSQL database in one transaction before the swap."
    ),
)
@holds_refresh_lock
def publication(context: dg.AssetExecutionContext, settings: EquitySettings) -> dg.MaterializeResult:
    settings = settings.settings
    checks = run_checks(context.instance, context.run.run_id)
    publish_id, published_now = publish_if_changed(settings, context.run.run_id, checks)
    if published_now:
        context.instance.add_run_tags(context.run.run_id, {PUBLISH_ID_TAG: publish_id})
        context.log.info(f"published {publish_id} to {published_path(settings)}")
    else:
        context.log.info(f"nothing new: publication {publish_id} stays")
    return dg.MaterializeResult(
        metadata=publication_record(settings, publish_id, checks, published_now=published_now),
        # the publication's identity: the UI shows it, and downstream knows when it changed
        data_version=dg.DataVersion(publish_id),
    )


@dg.asset(
    key=REPORT_KEY,
    deps=[PUBLICATION_KEY],
    group_name=PUBLISH_GROUP,
    kinds={"html"},
    description="warehouse/reports/pvr_<fiscal_year>.html and pvr_latest.html, from the published tables only.",
)
@holds_refresh_lock
def pvr_report(context: dg.AssetExecutionContext, settings: EquitySettings) -> dg.MaterializeResult:
    settings = settings.settings
    written = write_reports(
        published_path(settings),
        settings.warehouse_dir / "reports",
        timezone=settings.timezone,
        small_cell_threshold=settings.small_cell_threshold,
        disparity_min_eligible=settings.disparity_min_eligible,
    )
    # The refresh's last step: the current publication (new or kept) and its report hold the figures of
    # these inputs, so the next refresh with nothing new does no work (publish/inputs.py).
    publish_id = current_id(settings.warehouse_dir)
    if publish_id is not None and settings.warehouse_path.exists():  # (a report of a published file alone: no)
        with connect_warehouse(settings) as con:
            record_inputs(con, settings, publish_id, context.run.run_id)
    return dg.MaterializeResult(
        metadata={
            "files": dg.MetadataValue.json([p.name for p in written]),
            "latest": dg.MetadataValue.path(str(settings.warehouse_dir / "reports" / "pvr_latest.html")),
        }  # fmt: skip
    )


@dg.asset_check(
    asset=dg.AssetKey(["marts", "wc_claims_monthly"]),
    name="ge_totals",
    blocking=True,
    description="ALL equals the sum of departments for counts (at least it where a department is suppressed); "
    "months contiguous (the gate_wc_totals model).",
)
def wc_totals_check(context: dg.AssetCheckExecutionContext, settings: EquitySettings) -> dg.AssetCheckResult:
    return validate_in_warehouse(settings.settings, wc_totals_gate)


PUBLISH_CHECKS = [*(publishable_check(t) for t in PUBLISHED_TABLES), wc_totals_check]
