"""Superset's own setup commands, run inside .venv-bi by equity_pipeline.bi.superset.setup.

One process and one Flask app for all of them (through Flask's CLI test runner, which hands the app to
each command): each `superset …` process would start the app again, 3-6 s apiece. Reads the steps as JSON
on stdin (so the admin's password is on no command line) and prints one JSON line per step. Imports only
the standard library and Superset: it runs with .venv-bi's Python, where the pipeline is not installed.
"""

from __future__ import annotations

import json
import sys
import time


def main() -> int:
    """Run each [name, args] of stdin's `steps` in order; stop at the first that fails."""
    steps = json.load(sys.stdin)["steps"]
    from superset.app import create_app
    from superset.cli.main import superset

    runner = create_app().test_cli_runner()
    for name, args in steps:
        start = time.monotonic()
        result = runner.invoke(superset, args)
        output = result.output + (repr(result.exception) if result.exception and result.exit_code else "")
        report = {"step": name, "seconds": round(time.monotonic() - start, 1), "exit": result.exit_code}
        print(json.dumps({**report, "output": output}), flush=True)
        if result.exit_code != 0:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
