"""dbt models as Dagster assets; dbt tests at error severity become blocking asset checks."""

import dagster as dg
from dagster_dbt import DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from equity_pipeline.dbt_runtime import DBT_EXECUTABLE, dbt_project, loaded_manifest_path, vars_args
from equity_pipeline.dbt_translator import EquityDbtTranslator
from equity_pipeline.defs.ingest import INGEST_GROUP, WAREHOUSE_POOL
from equity_pipeline.defs.locking import holds_refresh_lock
from equity_pipeline.resources import EquitySettings

DBT_PROJECT = dbt_project()


@dbt_assets(
    manifest=loaded_manifest_path(),
    project=DBT_PROJECT,
    dagster_dbt_translator=EquityDbtTranslator(
        seed_group=INGEST_GROUP,  # reference data, beside reference/languages
        settings=DagsterDbtTranslatorSettings(enable_asset_checks=True),
    ),
    pool=WAREHOUSE_POOL,
)
@holds_refresh_lock
def equity_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, settings: EquitySettings):
    # Seeds, models and their tests, in dependency order; a failing error-severity test fails the step.
    # The settings reach dbt as --vars (profiles.yml and the macros read var()), not through the environment.
    yield from dbt.cli(["build", *vars_args(settings.settings)], context=context).stream()


def dbt_resource() -> DbtCliResource:
    return DbtCliResource(project_dir=DBT_PROJECT, dbt_executable=str(DBT_EXECUTABLE))
