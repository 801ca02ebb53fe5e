"""`make dashboard`: set up Superset on EQUITY_WAREHOUSE_DIR's publication and serve it until Ctrl-C."""

from __future__ import annotations

import sys

from equity_pipeline.bi.superset import DashboardError, from_environment, setup, start_server, stop_server


def main() -> int:
    """Set up, serve, and say where; one line and exit 1 for a problem the user can fix."""
    try:
        dashboard = from_environment()
        print(f"Setting up Superset in {dashboard.home} (metadata, admin user, the bundle) ...", flush=True)
        seconds = setup(dashboard)
        print("  " + ", ".join(f"{name} {s:.1f} s" for name, s in seconds.items()), flush=True)
        proc = start_server(dashboard, dashboard.home / "server.log")
    except DashboardError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Dashboard: {dashboard.dashboard_url}  (log in as {dashboard.admin_user}; Ctrl-C stops it)")
    print(f"Server log: {dashboard.home / 'server.log'}", flush=True)
    try:
        proc.wait()
    except KeyboardInterrupt:
        pass
    finally:
        stop_server(proc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
