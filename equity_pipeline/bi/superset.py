"""The Superset dashboard shipped as code: render the committed bundle, set up Superset's metadata, serve it.

Superset runs from its own virtualenv (`.venv-bi`: it pins pandas 2, the pipeline's .venv has pandas 3): this
module runs in the pipeline's .venv, imports nothing of Superset, and starts .venv-bi's processes (the setup
commands in equity_pipeline.bi.in_superset, the server with gunicorn). `make dashboard` and tests/bi call
the same functions: `setup` then `start_server`.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import subprocess
import time
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from equity_pipeline.config import PROJECT_ROOT

BUNDLE_DIR = PROJECT_ROOT / "bi" / "superset"
CONFIG_FILE = BUNDLE_DIR / "superset_config.py"
VENV_BI = PROJECT_ROOT / ".venv-bi"
# The bundle's database YAML names the published file by this placeholder; the import gets the real path.
PLACEHOLDER = "__EQUITY_PUBLISHED_DUCKDB__"
BUNDLE_PARTS = ("metadata.yaml", "databases", "datasets", "charts", "dashboards")
DASHBOARD_SLUG = "equity"


class DashboardError(Exception):
    """A problem the person running `make dashboard` can fix; printed as one line, no traceback."""


@dataclass(frozen=True)
class Dashboard:
    """Where a Superset instance keeps its metadata, what it reads, who logs in, where it listens."""

    home: Path
    published: Path
    admin_user: str = "admin"
    admin_password: str = "admin"
    host: str = "127.0.0.1"
    port: int = 8088
    venv: Path = VENV_BI

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def dashboard_url(self) -> str:
        return f"{self.url}/superset/dashboard/{DASHBOARD_SLUG}/"


def from_environment(env: dict[str, str] | None = None) -> Dashboard:
    """The dashboard of EQUITY_WAREHOUSE_DIR's publication, with the admin and port from the environment.

    EQUITY_SUPERSET_ADMIN / EQUITY_SUPERSET_PASSWORD default to admin/admin: the server listens on
    127.0.0.1 only, for the person at this machine.
    """
    from equity_pipeline.config import settings_from
    from equity_pipeline.publish.publisher import published_path

    env = dict(os.environ if env is None else env)
    try:
        settings = settings_from(env)
        port = int(env.get("EQUITY_SUPERSET_PORT") or 8088)
    except ValueError as exc:
        raise DashboardError(f"configuration error: {exc}") from exc
    return Dashboard(
        home=settings.warehouse_dir / "superset",
        published=published_path(settings),
        admin_user=env.get("EQUITY_SUPERSET_ADMIN") or "admin",
        admin_password=env.get("EQUITY_SUPERSET_PASSWORD") or "admin",
        port=port,
    )


def render_bundle(published: Path, dest: Path) -> Path:
    """Zip the committed bundle into dest with the placeholder replaced by published's absolute path.

    The path kept is the warehouse's link (`published.duckdb`), not the file it points to, so each new
    publication is read without importing again. It is URL-quoted: it sits inside a SQLAlchemy URI.
    """
    uri_path = quote(str(published.absolute()), safe="/")
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as bundle:
        for part in BUNDLE_PARTS:
            root = BUNDLE_DIR / part
            for path in sorted([root] if root.is_file() else root.rglob("*.yaml")):
                text = path.read_text(encoding="utf-8").replace(PLACEHOLDER, uri_path)
                # Superset's importer expects one top folder in the zip, as its own exports have.
                bundle.writestr(f"equity_dashboard/{path.relative_to(BUNDLE_DIR)}", text)
    return dest


def superset_env(dashboard: Dashboard) -> dict[str, str]:
    """The environment every Superset command of this instance runs with."""
    env = dict(os.environ)
    env.update(
        SUPERSET_CONFIG_PATH=str(CONFIG_FILE),
        EQUITY_SUPERSET_HOME=str(dashboard.home),
        SUPERSET_HOME=str(dashboard.home),
        FLASK_APP="superset.app:create_app()",
        # Honoured by builds of the front end made with it; the PyPI build ignores it (see
        # superset_config.py: its Content-Security-Policy is what keeps the pixel from loading).
        SCARF_ANALYTICS="false",
        DO_NOT_TRACK="1",
        PYTHONWARNINGS="ignore",
    )
    return env


def ensure_secret_key(home: Path) -> Path:
    """Superset's SECRET_KEY, generated once into the metadata folder (owner-only; never committed)."""
    home.mkdir(parents=True, exist_ok=True)
    path = home / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(48) + "\n")
    return path


def check_ready(dashboard: Dashboard) -> None:
    """Refuse early, in one line, what would otherwise be a Superset traceback."""
    if not (dashboard.venv / "bin" / "superset").exists():
        raise DashboardError(f"Superset is not installed in {dashboard.venv}: run `make venv-bi` first")
    if not dashboard.published.exists():
        raise DashboardError(f"no publication at {dashboard.published}: run `make run` first")


def setup(dashboard: Dashboard) -> dict[str, float]:
    """Create or upgrade the metadata database, the admin user, Superset's roles, and import the bundle.

    The same commands as `superset db upgrade`, `fab create-admin`, `fab reset-password`, `init` and
    `import-dashboards`, run in one process of .venv-bi (equity_pipeline.bi.in_superset). Safe to run
    again: the upgrade and init are idempotent, create-admin leaves an existing user alone and the reset
    applies this run's password, and the import overwrites the bundle's objects (matched by uuid).
    Returns seconds per step; Superset's output goes to <home>/setup.log.
    """
    check_ready(dashboard)
    ensure_secret_key(dashboard.home)
    bundle = render_bundle(dashboard.published, dashboard.home / "bundle.zip")
    user = ["--username", dashboard.admin_user]
    names = ["--firstname", "Local", "--lastname", "Admin", "--email", f"{dashboard.admin_user}@localhost"]
    password = ["--password", dashboard.admin_password]
    steps = [
        ["db upgrade", ["db", "upgrade"]],
        ["create admin", ["fab", "create-admin", *user, *names, *password]],
        ["reset password", ["fab", "reset-password", *user, *password]],
        ["init", ["init"]],
        ["import", ["import-dashboards", "--path", str(bundle), *user]],
    ]
    log = dashboard.home / "setup.log"
    # PYTHONPATH: .venv-bi does not install the pipeline; in_superset needs only its own module.
    env = {**superset_env(dashboard), "PYTHONPATH": str(PROJECT_ROOT)}
    done = subprocess.run(
        [str(dashboard.venv / "bin" / "python"), "-m", "equity_pipeline.bi.in_superset"],
        input=json.dumps({"steps": steps}), env=env, cwd=PROJECT_ROOT, capture_output=True, text=True,
    )  # fmt: skip
    reports = [json.loads(line) for line in done.stdout.splitlines() if line.startswith('{"step"')]
    with log.open("w") as out:
        for report in reports:
            out.write(f"$ superset {report['step']} (exit {report['exit']}, {report['seconds']} s)\n")
            out.write(report["output"] + "\n")
        out.write(done.stderr)
    if done.returncode != 0:
        failed = reports[-1]["step"] if reports else "setup"
        raise DashboardError(f"Superset's `{failed}` failed (exit {done.returncode}); see {log}")
    return {report["step"]: report["seconds"] for report in reports}


def server_command(dashboard: Dashboard) -> list[str]:
    """Gunicorn (installed with Superset) on the loopback: one worker, threads for the charts' queries."""
    return [
        str(dashboard.venv / "bin" / "gunicorn"),
        "--bind",
        f"{dashboard.host}:{dashboard.port}",
        "--workers",
        "1",
        "--threads",
        "8",
        "--timeout",
        "120",
        "superset.app:create_app()",
    ]


def start_server(dashboard: Dashboard, log: Path, timeout: float = 120.0) -> subprocess.Popen:
    """Start the server in its own process group (stop_server ends it and its worker) and wait until
    its health check answers."""
    out = log.open("ab")
    proc = subprocess.Popen(
        server_command(dashboard), env=superset_env(dashboard), stdout=out, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    out.close()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise DashboardError(f"the Superset server exited ({proc.returncode}); see {log}")
        try:
            with urllib.request.urlopen(f"{dashboard.url}/health", timeout=2) as answer:
                if answer.status == 200:
                    return proc
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    stop_server(proc)
    raise DashboardError(f"the Superset server did not answer within {timeout:.0f} s; see {log}")


def stop_server(proc: subprocess.Popen, grace: float = 10.0) -> None:
    """End the server's whole process group: TERM, then KILL after a grace period."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        except ProcessLookupError:
            pass
    # The group may outlive its leader (a worker still exiting): make sure none is left.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
