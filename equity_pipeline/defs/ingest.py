"""Raw files -> landed tables: one external asset and one landed asset per declared contract."""

import dagster as dg

from equity_pipeline.config import DEV_KEY_WARNING, warn_if_default_key
from equity_pipeline.contracts import Contract, all_contracts
from equity_pipeline.defs.locking import holds_refresh_lock
from equity_pipeline.ingest.languages import build_language_reference
from equity_pipeline.ingest.loader import connect_warehouse, ingest_source
from equity_pipeline.ingest.metadata import held_files_table, raw_observation, run_files_table
from equity_pipeline.ingest.outcome import outcome_metadata
from equity_pipeline.ingest.pseudonym import PseudonymKeyMismatch
from equity_pipeline.resources import EquitySettings
from equity_pipeline.sql import fetch_one

INGEST_GROUP = "ingest"
# DuckDB allows one writer process: every asset that writes the working warehouse
# takes a slot of this pool, whose limit is 1 (set in dagster.yaml / the job's executor).
WAREHOUSE_POOL = "equity_warehouse"


def raw_key(source: str) -> dg.AssetKey:
    return dg.AssetKey(["raw", source])


def landed_key(source: str) -> dg.AssetKey:
    return dg.AssetKey(["landed", source])


LANGUAGES_KEY = dg.AssetKey(["reference", "languages"])


def raw_spec(contract: Contract) -> dg.AssetSpec:
    return dg.AssetSpec(
        key=raw_key(contract.source),
        description=(
            f"Files dropped by the department in EQUITY_RAW_DIR/{contract.source}/ "
            f"({contract.kind}; {', '.join(contract.formats)}). {contract.description}"
        ),
        group_name=INGEST_GROUP,
        kinds={"csv"} | ({"excel"} if "xlsx" in contract.formats else set()),
        metadata={"contract": f"equity_pipeline/contracts/{contract.source}.yml"},
    )


@dg.asset(
    key=LANGUAGES_KEY,
    group_name=INGEST_GROUP,
    kinds={"duckdb"},
    pool=WAREHOUSE_POOL,
    description="ISO 639-3 (and ISO 639-5 collective) languages with English names, from the pinned pycountry.",
)
@holds_refresh_lock
def languages_reference(context: dg.AssetExecutionContext, settings: EquitySettings) -> dg.MaterializeResult:
    with connect_warehouse(settings.settings) as con:
        count = build_language_reference(con)
    return dg.MaterializeResult(metadata={"languages": count})


def landed_asset(contract: Contract) -> dg.AssetsDefinition:
    deps = [raw_key(contract.source)]
    if any(c.type == "language" for c in contract.columns):
        deps.append(LANGUAGES_KEY)

    @dg.asset(
        key=landed_key(contract.source),
        deps=deps,
        group_name=INGEST_GROUP,
        kinds={"duckdb"},
        pool=WAREHOUSE_POOL,
        # A file still being copied in, or a momentarily locked warehouse, succeeds on a retry.
        retry_policy=dg.RetryPolicy(max_retries=2, delay=10, backoff=dg.Backoff.EXPONENTIAL),
        description=(
            f"Typed, validated rows of every current {contract.source} file, with lineage columns "
            f"(_source_file, _sha256, _line, _as_of, _version). Invalid rows go to audit.quarantine."
        ),
        metadata={"contract": f"equity_pipeline/contracts/{contract.source}.yml", "kind": contract.kind},
    )
    @holds_refresh_lock
    def _landed(context: dg.AssetExecutionContext, settings: EquitySettings) -> dg.MaterializeResult:
        settings = settings.settings
        warn_if_default_key(settings)
        if settings.pseudonym_key_is_default:
            context.log.warning(DEV_KEY_WARNING)
        with connect_warehouse(settings) as con:
            try:
                outcome = ingest_source(con, contract, settings, context.run.run_id)
            except PseudonymKeyMismatch as exc:
                # A configuration problem, not a transient one: one clear message, no retries.
                raise dg.Failure(description=str(exc), allow_retries=False) from None
            (total_rows,) = fetch_one(con, f'select count(*) from landed."{contract.source}"')
            held = held_files_table(con, contract.source)
        context.log_event(raw_observation(settings, contract.source))
        for warning in outcome.drift_warnings:
            context.log.warning(f"schema drift: {warning}")
        for text in outcome.warnings + outcome.skipped:
            context.log.warning(f"landing folder: {text}")
        for f in outcome.files:
            if f.status in ("rejected", "quarantined"):
                context.log.warning(f"{f.file_name}: {f.status}: {f.shown_reason}")
        return dg.MaterializeResult(
            metadata={
                **outcome_metadata(outcome),
                "rows_in_table": total_rows,
                "files_held": held,
                "files_this_run": run_files_table(outcome),
                "pseudonym_key": "development default (set EQUITY_PSEUDONYM_KEY)"
                if settings.pseudonym_key_is_default
                else "set",
            }
        )

    return _landed


CONTRACTS = all_contracts()
RAW_SPECS = [raw_spec(c) for c in CONTRACTS.values()]
LANDED_ASSETS = [landed_asset(c) for c in CONTRACTS.values()]

# The loader's audit tables, written as each landed asset runs; dbt reads them.
AUDIT_SPECS = [
    dg.AssetSpec(
        key=dg.AssetKey(["audit", table]),
        deps=[landed_key(c.source) for c in CONTRACTS.values()],
        group_name=INGEST_GROUP,
        kinds={"duckdb"},
        description=description,
    )
    for table, description in (
        ("ingest_manifest", "Every file ever seen, with its status, counts and message (written by the loader)."),
        ("quarantine", "Every quarantined row: file, line, column, reason, raw record (written by the loader)."),
        (
            "landing_warnings",
            "Per run, every landing-folder entry that got no manifest row: a subfolder, a stray file, an "
            "unknown folder, an unreadable entry, or a file skipped while still being written.",
        ),
        ("pseudonym_key", "The fingerprint of the key the warehouse's ids are hashed with (checked every run)."),
    )
]
