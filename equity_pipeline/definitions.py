"""The Dagster Definitions: assembles what defs/ declares."""

from __future__ import annotations

import dagster as dg

from equity_pipeline.defs.checks import LANDED_CHECKS
from equity_pipeline.defs.ingest import LANDED_ASSETS, RAW_SPECS, languages_reference
from equity_pipeline.defs.transform import dbt_resource, equity_dbt_models

# Everything, in one process: DuckDB allows a single writer, so steps run one at a time.
refresh_job = dg.define_asset_job(
    name="refresh",
    selection=dg.AssetSelection.all() - dg.AssetSelection.assets(*[spec.key for spec in RAW_SPECS]),
    executor_def=dg.in_process_executor,
    description="Land every new or changed export, check it, and rebuild the dbt models.",
)

defs = dg.Definitions(
    assets=[*RAW_SPECS, languages_reference, *LANDED_ASSETS, equity_dbt_models],
    asset_checks=LANDED_CHECKS,
    jobs=[refresh_job],
    resources={"dbt": dbt_resource()},
)
