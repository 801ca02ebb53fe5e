"""The Superset dashboard (bi/superset/) on the sample publication, in a real browser.

Superset is set up by the same code as `make dashboard` (equity_pipeline.bi.superset: metadata database,
admin, init, the bundle imported with the publication's real path), in a temporary metadata folder, and
served on a free loopback port. Chromium logs in through the login form, opens the dashboard, and waits
for figures read from published.duckdb (read only) to appear in the charts that show them; nothing the
page loads may leave the loopback. The screenshot is saved under the test's tmp_path; with
EQUITY_UPDATE_SCREENSHOT=1 it also replaces the README's (bi/superset/dashboard.png).
"""

from __future__ import annotations

import dataclasses
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from equity_pipeline.bi.superset import (
    BUNDLE_DIR,
    VENV_BI,
    Dashboard,
    DashboardError,
    check_ready,
    from_environment,
    setup,
    start_server,
    stop_server,
    superset_env,
)
from equity_pipeline.config import PROJECT_ROOT
from equity_pipeline.publish.publisher import published_path
from tests.browser import browser_page

DATABASE_NAME = "Equity published (read only)"
CHART_TIMEOUT_MS = 90_000


def d3(value: float, decimals: int = 4) -> str:
    """Python's rendering of the charts' d3 format `,.4~f` (thousands separators, trailing zeros trimmed)."""
    text = f"{value:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def superset_venv() -> Path:
    """.venv-bi, built by `make venv-bi` where missing (a no-op once its stamp matches the pins), so the
    suite passes on a fresh clone whether it is run by `make test` or by pytest directly."""
    done = subprocess.run(["make", "venv-bi"], cwd=PROJECT_ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        pytest.fail(f"`make venv-bi` failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return VENV_BI


def figures(published: Path) -> dict[str, object]:
    """What the charts must show, read from the publication itself."""
    with duckdb.connect(str(published), read_only=True) as con:

        def one(sql: str) -> tuple:
            row = con.execute(sql).fetchone()
            assert row is not None, sql
            return row

        return {
            "attendance_q2": one(
                "select value from pvr_quarterly where series_id = 'attendance' and fiscal_quarter = 2"
                " and fiscal_year = (select max(fiscal_year) from pvr_quarterly)"
            )[0],
            "measure": one(
                "select series_name, actual, target, status from pvr_annual"
                " where series_id = 'dei_training_participation'"
                " and fiscal_year = (select max(fiscal_year) from pvr_annual)"
            ),
            "wc_month": one(
                "select strftime(month, '%Y-%m'), new_claims, trir from wc_claims_monthly"
                " where department_code = 'ALL' order by month desc limit 1"
            ),
            "board": one(
                "select seat_share, parity_index from board_representation"
                " where dimension = 'race' and group_name = 'White'"
            ),
            "language": one(
                "select language_name, requests, status from language_access_safe_harbor where safe_harbor"
                " and fiscal_year = (select max(fiscal_year) from language_access_safe_harbor)"
                " order by language_name limit 1"
            ),
            "workforce": one(
                "select group_name, impact_ratio, flag from workforce_disparity"
                " where flag in ('adverse impact', 'four-fifths only') and not suppressed"
                " order by fiscal_year desc, impact_ratio limit 1"
            ),
        }


def test_check_ready_names_make_run(tmp_path: Path, superset_venv: Path) -> None:
    """Without a publication `make dashboard` says what to do, in one line, before touching Superset."""
    dashboard = dataclasses.replace(from_environment({"EQUITY_WAREHOUSE_DIR": str(tmp_path)}), venv=superset_venv)
    with pytest.raises(DashboardError, match=r"no publication at .*published\.duckdb: run `make run` first"):
        setup(dashboard)
    assert not (tmp_path / "superset").exists()
    with pytest.raises(DashboardError, match=r"run `make venv-bi` first"):
        check_ready(dataclasses.replace(dashboard, venv=tmp_path / "no-venv"))


def test_dashboard_cli_without_publication_says_make_run(tmp_path: Path, superset_venv: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "equity_pipeline.bi"],
        env={**superset_env(from_environment()), "EQUITY_WAREHOUSE_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
    )
    assert done.returncode == 1
    assert "run `make run` first" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_dashboard_in_browser(sample_run: dict, superset_venv: Path, tmp_path: Path) -> None:
    published = published_path(sample_run["settings"])
    expected = figures(published)
    dashboard = dataclasses.replace(
        from_environment({"EQUITY_WAREHOUSE_DIR": str(sample_run["settings"].warehouse_dir)}),
        home=tmp_path / "superset",
        port=free_port(),
        admin_password=secrets.token_urlsafe(12),
    )
    assert dashboard.published == published

    start = time.monotonic()
    steps = setup(dashboard)
    setup_seconds = time.monotonic() - start
    assert (dashboard.home / "superset.db").exists() and (dashboard.home / "secret_key").exists()

    # The connection Superset imported opens the file read only: DuckDB itself refuses a write. The probe
    # (a Superset app of its own, seconds to start) runs while the browser part does.
    probe = subprocess.Popen(
        [str(superset_venv / "bin" / "python"), str(Path(__file__).parent / "read_only_probe.py"), DATABASE_NAME],
        env=superset_env(dashboard),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        browser_seconds, shot = _browse(dashboard, expected, tmp_path)
        out, err = probe.communicate(timeout=120)
    finally:
        if probe.poll() is None:
            probe.kill()
            probe.wait()
    lines = dict(line.split(" ", 1) for line in out.splitlines() if " " in line)
    assert probe.returncode == 0, err[-3000:]
    assert lines["uri"] == f"duckdb:///{published.absolute()}?access_mode=read_only"
    assert lines["access_mode"] == "read_only"
    assert lines["write"].startswith("refused") and "read-only" in lines["write"], lines["write"]

    # The README's screenshot is this test's, refreshed on request only: copying it on every run would leave
    # a tracked file modified after `make test` (and every later publication's code_version "-dirty").
    if os.environ.get("EQUITY_UPDATE_SCREENSHOT") == "1":
        shutil.copyfile(shot, BUNDLE_DIR / "dashboard.png")
    print(
        f"superset setup {setup_seconds:.1f} s {steps}; server start, login to rendered charts {browser_seconds:.1f} s"
    )


def _browse(dashboard: Dashboard, expected: dict[str, object], tmp_path: Path) -> tuple[float, Path]:
    """Serve the dashboard, log in, wait for each chart's figures, screenshot; the server always stopped."""
    start = time.monotonic()
    proc = start_server(dashboard, tmp_path / "server.log")
    try:
        with browser_page(viewport=(1400, 1000)) as (page, seen):
            page.goto(f"{dashboard.url}/login/")
            page.fill("[data-test=username-input]", dashboard.admin_user)
            page.fill("[data-test=password-input]", dashboard.admin_password)
            page.click("[data-test=login-button]")
            page.wait_for_url(lambda url: "/login" not in url)
            page.goto(dashboard.dashboard_url)

            def chart(name: str):  # noqa: ANN202 (a Playwright Locator)
                holder = page.locator(".dashboard-component-chart-holder", has_text=name)
                holder.first.wait_for(timeout=CHART_TIMEOUT_MS)
                return holder.first

            def row_of(name: str, text: str) -> str:
                """The text of the table row of chart `name` that contains `text` (waits for it)."""
                row = chart(name).locator("tr", has_text=text).first
                row.wait_for(timeout=CHART_TIMEOUT_MS)
                return row.inner_text()

            attendance = row_of("PVR quarterly, newest fiscal year", "Attendance")
            assert d3(expected["attendance_q2"]) in attendance.split("\t"), attendance

            name, actual, target, status = expected["measure"]
            measure = row_of("Measures against target", name).split("\t")
            assert [d3(actual), d3(target), status] == measure[3:6], measure

            month, new_claims, trir = expected["wc_month"]
            wc = row_of("Workers' compensation monthly", month).split("\t")
            assert wc[0] == month and wc[1] == str(new_claims) and d3(trir) in wc, wc
            chart("TRIR and DART rate by month").locator("canvas").first.wait_for(timeout=CHART_TIMEOUT_MS)

            seat_share, parity = expected["board"]
            board = row_of("Boards and commissions", "White").split("\t")
            assert f"{seat_share:.1%}" in board and f"{parity:.2f}" in board, board

            language, requests, language_status = expected["language"]
            lang = row_of("Language access", language).split("\t")
            assert f"{requests:,d}" in lang and language_status in lang, lang

            group, ratio, flag = expected["workforce"]
            workforce = row_of("Workforce: flagged impact ratios", f"{ratio:.4f}")
            assert group in workforce and flag in workforce, workforce

            page.wait_for_load_state("networkidle")
            browser_seconds = time.monotonic() - start
            # ECharts draws its lines in a 1 s animation: let it finish before the README's screenshot.
            page.wait_for_timeout(1500)
            shot = tmp_path / "dashboard.png"
            page.screenshot(path=str(shot), full_page=True)
            assert seen.local, "the page loaded nothing from the server"
            assert seen.external == [], f"requests left the loopback: {seen.external}"
    finally:
        stop_server(proc)
    assert proc.poll() is not None
    return browser_seconds, shot
