"""Print the warehouse's Dagster instance folder, creating it (the Makefile sets DAGSTER_HOME from it)."""

import sys

from equity_pipeline.config import get_settings
from equity_pipeline.instance import ensure_dagster_home

if __name__ == "__main__":
    try:
        print(ensure_dagster_home(get_settings()))
    except ValueError as exc:  # a bad setting: one line, as the CLI says it
        print(f"configuration error: {exc}", file=sys.stderr)
        sys.exit(2)
