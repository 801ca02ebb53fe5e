"""The Dagster instance of a warehouse: its run history, event log and schedules live with the warehouse.

By default in `<EQUITY_WAREHOUSE_DIR>/.dagster/`, so `make run`, `make ui`, `make ui-audit` and the
schedule of one warehouse share one history, and runs against another warehouse never mix into it
(an asset's history then holds only this warehouse's materializations). DAGSTER_HOME, when set,
overrides it (a deployment that keeps its instance elsewhere). The folder gets this package's
dagster.yaml (the one-writer pool, telemetry off) unless it already has one.
`python -m equity_pipeline.instance` prints the folder (the Makefile's `ui` targets use it).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from equity_pipeline.config import Settings

TEMPLATE = Path(__file__).with_name("dagster.yaml")
FOLDER = ".dagster"


def dagster_home(settings: Settings, environ: os._Environ | dict | None = None) -> Path:
    """Where this warehouse's Dagster instance lives: DAGSTER_HOME if set, else <warehouse>/.dagster."""
    env = os.environ if environ is None else environ
    configured = env.get("DAGSTER_HOME")
    return Path(configured).resolve() if configured else settings.warehouse_dir / FOLDER


def ensure_dagster_home(settings: Settings) -> Path:
    """Create the instance folder with the project's dagster.yaml when it has none; return it."""
    home = dagster_home(settings)
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        shutil.copyfile(TEMPLATE, config)
    return home


# Tags every run of the refresh carries, so the UI's run list says which warehouse and landing folder a
# run worked on (filterable: Runs > Filter > tag); the publication asset adds PUBLISH_ID_TAG.
WAREHOUSE_TAG = "equity/warehouse"
RAW_DIR_TAG = "equity/raw_dir"
PUBLISH_ID_TAG = "equity/publish_id"


def run_tags(settings: Settings) -> dict[str, str]:
    """The tags naming where a run reads and writes."""
    return {WAREHOUSE_TAG: str(settings.warehouse_dir), RAW_DIR_TAG: str(settings.raw_dir)}
