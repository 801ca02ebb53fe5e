"""How dbt resources read in the Dagster UI: grouped by layer, described by their yml text alone.

Auditors read the asset and check descriptions there; dagster-dbt's defaults append the model's raw SQL
to every asset description and take a check's description from the test's `meta` only, so a test's own
yml `description:` (dbt >= 1.9) would never show.
"""

from collections.abc import Mapping
from typing import Any

from dagster import AssetCheckSpec, AssetSpec
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtProject
from dagster_shared.record import replace  # the record copy dagster's own AssetCheckSpec.with_metadata uses


class EquityDbtTranslator(DagsterDbtTranslator):
    """Group dbt models by layer (staging, intermediate, marts) so the graph reads as the data's path;
    seeds join `seed_group` (reference data, beside the ingested reference tables)."""

    def __init__(self, seed_group: str, settings: DagsterDbtTranslatorSettings | None = None) -> None:
        super().__init__(settings=settings)
        self.seed_group = seed_group

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        fqn = dbt_resource_props.get("fqn", [])
        if dbt_resource_props.get("resource_type") == "model" and len(fqn) > 1:
            return fqn[1]
        if dbt_resource_props.get("resource_type") == "seed":
            return self.seed_group
        return super().get_group_name(dbt_resource_props)

    def get_description(self, dbt_resource_props: Mapping[str, Any]) -> str:
        # The yml description only: the SQL is one click away (code references), and a page of it under
        # every asset buries the sentence an auditor came to read. tests/transform/test_descriptions.py
        # keeps every resource described, so the fallback is a safety net, not a description.
        return (dbt_resource_props.get("description") or "").strip() or (
            f"dbt {dbt_resource_props['resource_type']} {dbt_resource_props['name']}"
        )

    def get_asset_check_spec(
        self,
        asset_spec: AssetSpec,
        manifest: Mapping[str, Any],
        unique_id: str,
        project: DbtProject | None,
    ) -> AssetCheckSpec | None:
        spec = super().get_asset_check_spec(asset_spec, manifest, unique_id, project)
        if spec is None:
            return None
        # dagster-dbt reads only meta.description; the data test's own `description:` is where ours live.
        test = manifest["nodes"][unique_id]
        description = (test.get("description") or "").strip() or spec.description
        return replace(spec, description=description)
