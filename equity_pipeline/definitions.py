"""The Dagster Definitions: assembles what defs/ declares. Importing it runs no dbt (see defs/transform.py)."""

import dagster as dg

from equity_pipeline.defs.alerts import build_alert_sensors
from equity_pipeline.defs.automation import build_automation
from equity_pipeline.defs.checks import LANDED_CHECKS
from equity_pipeline.defs.freshness import FRESHNESS_CHECK_KEYS, FRESHNESS_CHECKS
from equity_pipeline.defs.ingest import AUDIT_SPECS, LANDED_ASSETS, RAW_SPECS, languages_reference
from equity_pipeline.defs.publish import PUBLISH_CHECKS, publication, pvr_report
from equity_pipeline.defs.transform import dbt_resource, equity_dbt_models
from equity_pipeline.resources import EquitySettings

# Everything, in one process: DuckDB allows a single writer, so steps run one at a time.
refresh_job = dg.define_asset_job(
    name="refresh",
    selection=dg.AssetSelection.all() - dg.AssetSelection.assets(*[s.key for s in (*RAW_SPECS, *AUDIT_SPECS)]),
    executor_def=dg.in_process_executor,
    description="Land every new or changed export, check it, rebuild the models, publish, and write the report.",
)

# A schedule's cron and zone are part of its definition, fixed when the code loads: the one place the
# settings are read at import (a bad value stops the code location from loading, naming the variable).
_schedule = EquitySettings().settings
nightly_refresh, new_exports = build_automation(
    refresh_job,
    _schedule.schedule_cron,
    _schedule.schedule_timezone,
    _schedule.sensor_interval_seconds,
    freshness_checks=FRESHNESS_CHECK_KEYS,
)
# Likewise a sensor's interval (EQUITY_SENSOR_INTERVAL_SECONDS).
alert_on_failure, alert_on_warnings = build_alert_sensors(_schedule.sensor_interval_seconds)

defs = dg.Definitions(
    assets=[*RAW_SPECS, *AUDIT_SPECS, languages_reference, *LANDED_ASSETS, equity_dbt_models, publication, pvr_report],
    asset_checks=[*LANDED_CHECKS, *FRESHNESS_CHECKS, *PUBLISH_CHECKS],
    jobs=[refresh_job],
    schedules=[nightly_refresh],
    sensors=[new_exports, alert_on_failure, alert_on_warnings],
    resources={
        "dbt": dbt_resource(),
        # Read from the environment by each run and sensor tick (resources.py says why not dg.EnvVar).
        "settings": EquitySettings(),
    },
)
