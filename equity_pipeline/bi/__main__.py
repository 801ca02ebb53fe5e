"""`make dashboard`: set up Superset on EQUITY_WAREHOUSE_DIR's publication and serve it until Ctrl-C."""

from __future__ import annotations

import signal
import sys

from equity_pipeline.bi.superset import (
    DashboardError,
    check_ready,
    from_environment,
    setup,
    start_server,
    stop_server,
)


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def main() -> int:
    """Set up, serve, and say where; one line and exit 1 for a problem the user can fix."""
    try:
        dashboard = from_environment()
        check_ready(dashboard)
        print(f"Setting up Superset in {dashboard.home} (metadata, admin user, the bundle) ...", flush=True)
        seconds = setup(dashboard)
        print("  " + ", ".join(f"{name} {s:.1f} s" for name, s in seconds.items()), flush=True)
        proc = start_server(dashboard, dashboard.home / "server.log")
    except DashboardError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Dashboard: {dashboard.dashboard_url}  (log in as {dashboard.admin_user}; Ctrl-C stops it)")
    print(f"Server log: {dashboard.home / 'server.log'}", flush=True)
    # The server runs in its own session (so Ctrl-C reaches only this process, which stops it cleanly):
    # a TERM or HUP to this process (make killed, terminal closed) must stop it too, not orphan it.
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _exit_on_signal)
    try:
        proc.wait()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        stop_server(proc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
