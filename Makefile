# The README's two commands are `make run` and `make test`; each builds what it needs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# Reinstall when pyproject.toml changes.
STAMP := $(VENV)/.installed-$(shell sha256sum pyproject.toml | cut -c1-16)
# Superset's own virtualenv (it pins pandas 2; .venv has pandas 3); reinstalled when its pins change.
VENV_BI := .venv-bi
BI_REQUIREMENTS := bi/superset/requirements.txt
STAMP_BI := $(VENV_BI)/.installed-$(shell sha256sum $(BI_REQUIREMENTS) | cut -c1-16)
# The folders holding our Python (dbt's Python models and Superset's config too); tests/test_lint.py names the same.
PYTHON_DIRS := equity_pipeline tests benchmarks dbt_project bi

.PHONY: backup restore venv run test ui ui-audit lint sample clean reset-warehouse withdraw trace chromium docs venv-bi dashboard bench

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

venv: $(STAMP)

## run: install if needed, build the dbt manifest (target/run), materialize every asset on EQUITY_RAW_DIR, print a summary
run: venv
	$(BIN)/python -m equity_pipeline.cli run

## test: install if needed and run the test suite (CI runs exactly this), in two pytest-xdist workers, a test
##       module's tests in one worker. Superset's .venv-bi installs in the background meanwhile (output in
##       .venv-bi.log); the dashboard's test, run last, waits for it.
test: venv chromium
	@$(MAKE) --no-print-directory venv-bi > .venv-bi.log 2>&1 &
	$(BIN)/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder

## chromium: Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser).
##           Installed with apt-get where missing, when run as root; otherwise install it yourself.
chromium:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then echo "Installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "The browser tests need Debian's chromium: sudo apt-get install chromium" >&2; fi; }

## ui: the Dagster UI on http://127.0.0.1:3000 (lineage, checks, runs)
##     dagster dev parses dbt into dbt_project/target/ui (DbtProject.prepare_if_dev, which runs the `dbt` on
##     PATH: the .venv's); `make run` uses target/run, so neither rewrites the manifest the other reads.
##     The instance (runs, events, schedules) is the warehouse's own: EQUITY_WAREHOUSE_DIR/.dagster (or DAGSTER_HOME).
ui: venv
	DAGSTER_HOME="$$($(BIN)/python -m equity_pipeline.instance)" PATH="$(CURDIR)/$(BIN):$$PATH" \
	  $(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000

## ui-audit: the same instance read-only, for auditors, on http://127.0.0.1:$(AUDIT_PORT) (default 3001): every run,
##     materialization, check and lineage, with no button that launches, re-executes or changes anything
##     (dagster-webserver --read-only; no daemon, so no schedule or sensor runs from it). Its dbt manifest: target/audit.
AUDIT_PORT ?= 3001
ui-audit: venv
	EQUITY_DBT_TARGET=audit $(BIN)/python -c "from equity_pipeline.dbt_runtime import prepare_manifest; prepare_manifest(force=True)"
	EQUITY_DBT_TARGET=audit DAGSTER_HOME="$$($(BIN)/python -m equity_pipeline.instance)" \
	  $(BIN)/dagster-webserver --read-only -w workspace.yaml -h 127.0.0.1 -p $(AUDIT_PORT)

## docs: the data catalog (dbt docs, one static page: every model and column, units, lineage) built from the
##       warehouse into EQUITY_WAREHOUSE_DIR/catalog/index.html under the writer lock, then served on
##       http://127.0.0.1:$(DOCS_PORT) (`make run` also rebuilds the page, without serving it)
DOCS_PORT ?= 8080
docs: venv
	$(BIN)/python -m equity_pipeline.cli docs --serve --port $(DOCS_PORT)

## lint: ruff (Python) and sqlfluff (dbt SQL, DuckDB dialect)
lint: venv
	$(BIN)/ruff check $(PYTHON_DIRS)
	$(BIN)/ruff format --check $(PYTHON_DIRS)
	$(BIN)/sqlfluff lint --processes 1 dbt_project/models dbt_project/macros

## withdraw: withdraw a file loaded by mistake: make withdraw SOURCE=wc_claims FILE=wc_claims_2052-06-30.csv REASON="..."
withdraw: venv
	$(BIN)/python -m equity_pipeline.cli withdraw "$(SOURCE)" "$(FILE)" --reason "$(REASON)"

## trace: where one published figure comes from: its row, publication, run and checks, the dbt models on its
##        path and the source files whose rows feed it, e.g.
##        make trace TABLE=pvr_quarterly KEY='fiscal_year=2023,fiscal_quarter=3,series_id=attendance'
trace: venv
	$(BIN)/python -m equity_pipeline.cli trace "$(TABLE)" "$(KEY)"

## bench: the refresh benchmark (benchmarks/refresh_benchmark.py): a municipality of EMPLOYEES employees
##        (default 50,000, Los Angeles) refreshed full, incremental, no-op and corrected, beside the plain-DuckDB
##        baseline; prints a table, writes benchmarks/results/refresh_<employees>.json. Minutes; e.g.
##        make bench EMPLOYEES=2600 BENCH_ARGS="--keep --workdir /tmp/bench"
bench: venv
	$(BIN)/python benchmarks/refresh_benchmark.py $(if $(EMPLOYEES),$(foreach n,$(EMPLOYEES),--employees $(n))) $(BENCH_ARGS)

## backup: a verified backup of EQUITY_WAREHOUSE_DIR (working warehouse, file archive, a SQLite Dagster instance)
##         into a new folder under DEST, taken under the writer lock: make backup DEST=/mnt/backups
backup: venv
	$(BIN)/python -m equity_pipeline.backup create --to "$(DEST)"

## restore: restore one backup folder into an empty EQUITY_WAREHOUSE_DIR (never over a warehouse), then
##          `make run` re-publishes: make restore FROM=/mnt/backups/equity-backup-20261202T020000Z
restore: venv
	$(BIN)/python -m equity_pipeline.backup restore --from "$(FROM)"

## sample: regenerate data_raw/ from the seeded generator
sample: venv
	$(BIN)/python -m equity_pipeline.sample_data.generator --out data_raw

## clean: remove what is rebuilt without loss: dbt target/ and logs/, caches, a killed publish's leftovers.
##        Never the warehouse: its manifest, the archive and the publications cannot be rebuilt.
clean:
	@if [ -x $(BIN)/python ]; then $(BIN)/python -m equity_pipeline.cli clean; \
	else rm -rf dbt_project/target dbt_project/logs; fi
	rm -rf .pytest_cache .ruff_cache
	find equity_pipeline tests benchmarks -name __pycache__ -type d -prune -exec rm -rf {} +

## reset-warehouse: delete EQUITY_WAREHOUSE_DIR entirely (manifest, archive, publications, their history).
##        Says what is lost, and does it only with CONFIRM=yes.
reset-warehouse: venv
	$(BIN)/python -m equity_pipeline.cli reset-warehouse $(if $(filter yes,$(CONFIRM)),--confirm)

## venv-bi: Apache Superset in its own virtualenv .venv-bi (pins in bi/superset/requirements.txt); installs once
$(STAMP_BI): $(BI_REQUIREMENTS)
	@test -x $(VENV_BI)/bin/python || $(PYTHON) -m venv $(VENV_BI)
	$(VENV_BI)/bin/python -m pip install --quiet --upgrade pip
	$(VENV_BI)/bin/python -m pip install --quiet -r $(BI_REQUIREMENTS)
	@rm -f $(VENV_BI)/.installed-*
	@touch $@

# One install at a time: `make test` starts one in the background, and the dashboard's test asks again.
venv-bi:
	@flock $(VENV_BI).lock $(MAKE) --no-print-directory $(STAMP_BI)

## dashboard: Superset on EQUITY_WAREHOUSE_DIR's publication, http://127.0.0.1:$(EQUITY_SUPERSET_PORT) (default 8088)
##        metadata in <warehouse>/superset/; admin EQUITY_SUPERSET_ADMIN / EQUITY_SUPERSET_PASSWORD (admin/admin)
dashboard: venv venv-bi
	$(BIN)/python -m equity_pipeline.bi
