"""dbt models as Dagster assets; dbt tests at error severity become blocking asset checks."""

import dagster as dg
from dagster_dbt import DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from equity_pipeline.dbt_runtime import (
    DBT_EXECUTABLE,
    PipelineDbtCliResource,
    build_target_path,
    dbt_project,
    loaded_manifest_path,
    vars_args,
)
from equity_pipeline.dbt_translator import EquityDbtTranslator
from equity_pipeline.defs.ingest import INGEST_GROUP, WAREHOUSE_POOL
from equity_pipeline.defs.locking import holds_refresh_lock
from equity_pipeline.ingest.loader import connect_warehouse
from equity_pipeline.publish.inputs import nothing_new
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
    # Seeds, models and their data tests, in dependency order; a failing error-severity test fails the step.
    # The settings reach dbt as --vars (profiles.yml and the macros read var()), not through the environment.
    # dbt's unit tests check the SQL on fixed rows, not the data: they run in the test suite
    # (tests/transform/test_dbt_unit_tests.py), not in every refresh (about a fifth of a build's time).
    # One build folder per target, rewritten by each build: dbt reuses its partial parse there, and the
    # target folder does not grow by a folder (16 MB) per run as with dagster-dbt's default.
    # Nothing new since the current publication was made (publish/inputs.py): no model is rebuilt, and
    # with no mart materialized, Dagster skips the marts' gates, the publication and the report.
    with connect_warehouse(settings.settings) as con:
        stays = nothing_new(con, settings.settings)
    if stays is not None:
        context.log.info(f"nothing new since publication {stays} was made: dbt not run, nothing republished")
        return
    args = ["build", "--exclude-resource-type", "unit_test", *vars_args(settings.settings)]
    yield from dbt.cli(args, context=context, target_path=build_target_path()).stream()


def dbt_resource() -> DbtCliResource:
    return PipelineDbtCliResource(project_dir=DBT_PROJECT, dbt_executable=str(DBT_EXECUTABLE))
