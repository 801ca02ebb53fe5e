"""The data catalog: dbt's documentation site, built offline into the warehouse folder, served on 127.0.0.1.

`dbt docs generate --static` writes one self-contained HTML page (the manifest and the catalog
inlined): every model and column with its description and meta (unit, suppressed, estimated), the
lineage graph, the SQL and the tests. The published marts' yml is the single source; the README's
table list (publish/readme.py) is generated from the same yml and links here.

Generating it queries the working warehouse (the catalog's column types; dbt-duckdb gives no row counts). DuckDB
allows one writer and any open handle blocks the pipeline, so it runs under the pipeline's writer
lock (lock.py), with dbt's own target folder (target/docs: `make run`'s target/run and `make ui`'s
target/ui are never rewritten under them), and the page is copied to <warehouse>/catalog/index.html,
beside reports/, so the report's relative link ../catalog/index.html opens it from disk.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from equity_pipeline.config import DBT_PROJECT_DIR, Settings
from equity_pipeline.dbt_runtime import (
    DBT_EXECUTABLE,
    DBT_TARGET_ROOT,
    RUN_TARGET,
    project_digest,
    target_name,
    vars_args,
)

CATALOG_DIR = "catalog"
DEFAULT_PORT = 8080
# The model page of a published table in the served catalog (dbt docs' own routes).
MODEL_ROUTE = "#!/model/model.equity_pipeline.{name}"


class CatalogError(RuntimeError):
    """dbt could not build the catalog (its output's last lines say why)."""


@dataclass(frozen=True)
class BuiltCatalog:
    path: Path
    seconds: float


def catalog_path(warehouse_dir: Path) -> Path:
    return warehouse_dir / CATALOG_DIR / "index.html"


def build_catalog(settings: Settings) -> BuiltCatalog:
    """Run `dbt docs generate --static` on the settings' warehouse (under its writer lock) and copy the
    page to <warehouse>/catalog/index.html; raise RefreshLocked or CatalogError."""
    from equity_pipeline.lock import refresh_lock  # reentrant: `make run` already holds it

    if not settings.warehouse_path.exists():
        # dbt-duckdb would create an empty warehouse, and the catalog would hold no table
        raise CatalogError(f"{settings.warehouse_path} does not exist yet: run `make run` first")
    started = time.monotonic()
    digest = project_digest()  # before the build: a project edited meanwhile is rebuilt next time
    # its own dbt target folder ("docs"; "docs-<target>" for a test worker's or the UI's)
    docs_target = DBT_TARGET_ROOT / ("docs" if target_name() == RUN_TARGET else f"docs-{target_name()}")
    command = [
        str(DBT_EXECUTABLE), "docs", "generate", "--static", "--project-dir", str(DBT_PROJECT_DIR),
        "--profiles-dir", str(DBT_PROJECT_DIR), "--target-path", str(docs_target), *vars_args(settings),
    ]  # fmt: skip
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    page = docs_target / "static_index.html"
    target = catalog_path(settings.warehouse_dir)
    # the lock also covers the shared target folder and the copy: two `make docs` never interleave
    with refresh_lock(settings.warehouse_dir):
        page.unlink(missing_ok=True)  # a failed build must not pass off the previous page as new
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0 or not page.exists():
            # the last lines name the error; the rest (and native extensions' exit noise) is not for people
            said = [line for line in done.stdout.splitlines() if line.strip() and "leaked" not in line]
            raise CatalogError("dbt docs generate failed: " + " | ".join(said[-4:]))
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        shutil.copyfile(page, tmp)
        tmp.replace(target)  # a reader (the browser, the server) never sees half a page
        _digest_path(settings).write_text(digest, encoding="utf-8")
    return BuiltCatalog(target, time.monotonic() - started)


def _digest_path(settings: Settings) -> Path:
    return catalog_path(settings.warehouse_dir).with_name("project.digest")


def catalog_is_current(settings: Settings) -> bool:
    """The page exists and was built from the dbt project as it is now (it holds no row counts, and the
    tables and their column types change only with the project)."""
    stamp = _digest_path(settings)
    return (
        catalog_path(settings.warehouse_dir).exists()
        and stamp.exists()
        and stamp.read_text(encoding="utf-8") == project_digest()
    )


def catalog_server(folder: Path, port: int = DEFAULT_PORT) -> http.server.ThreadingHTTPServer:
    """An HTTP server of the catalog folder bound to 127.0.0.1 only (never every interface); port 0: any free."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)


def serve(folder: Path, port: int = DEFAULT_PORT) -> None:
    """`make docs`: serve the catalog until interrupted."""
    with catalog_server(folder, port) as server:
        print(f"Data catalog: http://127.0.0.1:{server.server_address[1]}/  (Ctrl-C stops it)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is how `make docs` ends: no traceback
            server.serve_forever()
